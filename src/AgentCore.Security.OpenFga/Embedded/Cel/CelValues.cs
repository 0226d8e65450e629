using AgentCore.Security.OpenFga.Embedded.Model;

namespace AgentCore.Security.OpenFga.Embedded.Cel;

/// <summary>Typed values for conditions: context conversion by declared parameter type, timestamps, durations and CIDR checks.</summary>
internal static partial class CelValues
{
    /// <summary>
    /// Converts a context value (JSON-like: string, double, long, bool, list, map) to the parameter's type,
    /// as OpenFGA does; <see cref="CelError"/> when it cannot.
    /// </summary>
    public static object? Convert(object? value, ConditionParameterType type)
    {
        switch (type.Name)
        {
            case "any":
                return value;
            case "int":
                return value switch
                {
                    long l => l,
                    double d when double.IsFinite(d) && Math.Floor(d) == d && d >= long.MinValue && d < 9.2233720368547758E18 => (long)d,
                    string s when long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) => l,
                    _ => Fail(value, type),
                };
            case "uint":
                return value switch
                {
                    long l when l >= 0 => (ulong)l,
                    double d when double.IsFinite(d) && Math.Floor(d) == d && d >= 0 && d < 1.8446744073709552E19 => (ulong)d,
                    string s when ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var u) => u,
                    _ => Fail(value, type),
                };
            case "double":
                return value switch
                {
                    double d => d,
                    long l => (double)l,
                    string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) => d,
                    _ => Fail(value, type),
                };
            case "bool":
                return value is bool b ? b : Fail(value, type);
            case "string":
                return value is string text ? text : Fail(value, type);
            case "bytes":
                return value is string bytes ? bytes : Fail(value, type);
            case "timestamp":
                return value is string ts && ParseTimestamp(ts) is { } parsed ? parsed : Fail(value, type);
            case "duration":
                return value is string du && ParseDuration(du) is { } duration ? duration : Fail(value, type);
            case "ipaddress":
                return value is string ip && IPAddress.TryParse(ip, out var address) && IpRegex().IsMatch(ip) ? address : Fail(value, type);
            case "list":
                if (value is not List<object?> list)
                {
                    return Fail(value, type);
                }

                var items = new List<object?>(list.Count);
                foreach (var item in list)
                {
                    var converted = Convert(item, type.Element!);
                    if (converted is CelError)
                    {
                        return converted;
                    }

                    items.Add(converted);
                }

                return items;
            case "map":
                if (value is not Dictionary<string, object?> map)
                {
                    return Fail(value, type);
                }

                var entries = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var (key, item) in map)
                {
                    var converted = Convert(item, type.Element!);
                    if (converted is CelError)
                    {
                        return converted;
                    }

                    entries[key] = converted;
                }

                return entries;
            default:
                return Fail(value, type);
        }
    }

    /// <summary>An RFC 3339 timestamp.</summary>
    public static DateTimeOffset? ParseTimestamp(string text) =>
        Rfc3339Regex().IsMatch(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value) ? value : null;

    /// <summary>A Go duration: an optional sign and number-unit pairs (ns, us, µs, ms, s, m, h), for example <c>1h30m</c> or <c>1.5s</c>.</summary>
    public static TimeSpan? ParseDuration(string text)
    {
        if (text.Length == 0)
        {
            return null;
        }

        var negative = text[0] == '-';
        var body = text[0] is '-' or '+' ? text[1..] : text;
        if (body == "0")
        {
            return TimeSpan.Zero;
        }

        var matches = DurationRegex().Matches(body);
        if (matches.Count == 0 || matches.Sum(m => m.Length) != body.Length)
        {
            return null;
        }

        decimal ticks = 0;
        foreach (Match match in matches)
        {
            var number = decimal.Parse(match.Groups[1].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
            ticks += match.Groups[2].Value switch
            {
                "ns" => number / 100,
                "us" or "µs" or "μs" => number * 10,
                "ms" => number * TimeSpan.TicksPerMillisecond,
                "s" => number * TimeSpan.TicksPerSecond,
                "m" => number * TimeSpan.TicksPerMinute,
                _ => number * TimeSpan.TicksPerHour,
            };
        }

        return ticks > TimeSpan.MaxValue.Ticks ? null : TimeSpan.FromTicks((long)(negative ? -ticks : ticks));
    }

    public static object InCidr(IPAddress address, string cidr)
    {
        var slash = cidr.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !IPAddress.TryParse(cidr[..slash], out var network) || !int.TryParse(cidr[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var prefix))
        {
            return new CelError($"invalid CIDR '{cidr}'");
        }

        var a = address.GetAddressBytes();
        var n = network.GetAddressBytes();
        if (a.Length != n.Length)
        {
            return false;
        }

        if (prefix < 0 || prefix > n.Length * 8)
        {
            return new CelError($"invalid CIDR prefix in '{cidr}'");
        }

        for (var bit = 0; bit < prefix; bit++)
        {
            var mask = 0x80 >> (bit % 8);
            if ((a[bit / 8] & mask) != (n[bit / 8] & mask))
            {
                return false;
            }
        }

        return true;
    }

    private static CelError Fail(object? value, ConditionParameterType type) =>
        new($"cannot convert {CelEvaluator.TypeName(value)} '{value}' to {type}");

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")]
    private static partial Regex Rfc3339Regex();

    [GeneratedRegex(@"(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)")]
    private static partial Regex DurationRegex();

    [GeneratedRegex(@"^[0-9A-Fa-f:.]+$")]
    private static partial Regex IpRegex();
}
