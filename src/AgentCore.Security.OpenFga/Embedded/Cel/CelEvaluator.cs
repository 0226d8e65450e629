// Over 400 lines on purpose: the evaluator of every CEL node kind and operator, with CEL's error semantics;
// one switch per node kind, kept together so that each operator's rules are read once.
#pragma warning disable SA1402 // the node kinds of one small tree stay together

namespace AgentCore.Security.OpenFga.Embedded.Cel;

/// <summary>
/// Evaluates a parsed CEL expression over typed variables. A missing variable is <see cref="Unknown"/>:
/// like CEL's partial evaluation, <c>true || unknown</c> is true and <c>false &amp;&amp; unknown</c> is false;
/// an unknown result means a missing parameter. Type errors and overflow are <see cref="CelError"/>s.
/// </summary>
internal static class CelEvaluator
{
    public static object? Evaluate(CelNode node, IReadOnlyDictionary<string, object?> variables) => node switch
    {
        CelLiteral literal => literal.Value,
        CelIdentifier identifier => variables.TryGetValue(identifier.Name, out var value) ? value : new Unknown(identifier.Name),
        CelUnary unary => Unary(unary.Operator, Evaluate(unary.Operand, variables)),
        CelBinary { Operator: "&&" } and => And(Evaluate(and.Left, variables), and.Right, variables),
        CelBinary { Operator: "||" } or => Or(Evaluate(or.Left, variables), or.Right, variables),
        CelBinary binary => Binary(binary.Operator, Evaluate(binary.Left, variables), Evaluate(binary.Right, variables)),
        CelConditional conditional => Conditional(conditional, variables),
        CelCall call => Call(call, variables),
        CelIndex index => Index(Evaluate(index.Target, variables), Evaluate(index.Index, variables)),
        CelSelect select => Index(Evaluate(select.Target, variables), select.Field),
        CelList list => List(list, variables),
        CelMap map => Map(map, variables),
        _ => new CelError("unsupported expression"),
    };

    private static object? Propagate(IEnumerable<object?> values)
    {
        object? unknown = null;
        foreach (var value in values)
        {
            if (value is CelError)
            {
                return value;
            }

            unknown ??= value as Unknown;
        }

        return unknown;
    }

    private static object? And(object? left, CelNode rightNode, IReadOnlyDictionary<string, object?> variables)
    {
        if (left is false)
        {
            return false;
        }

        var right = Evaluate(rightNode, variables);
        if (right is false)
        {
            return false;
        }

        if (left is true && right is true)
        {
            return true;
        }

        return Propagate([left, right]) is { } pending ? pending : new CelError("'&&' needs bool operands");
    }

    private static object? Or(object? left, CelNode rightNode, IReadOnlyDictionary<string, object?> variables)
    {
        if (left is true)
        {
            return true;
        }

        var right = Evaluate(rightNode, variables);
        if (right is true)
        {
            return true;
        }

        if (left is false && right is false)
        {
            return false;
        }

        return Propagate([left, right]) is { } pending ? pending : new CelError("'||' needs bool operands");
    }

    private static object? Conditional(CelConditional conditional, IReadOnlyDictionary<string, object?> variables)
    {
        var condition = Evaluate(conditional.Condition, variables);
        return condition switch
        {
            true => Evaluate(conditional.WhenTrue, variables),
            false => Evaluate(conditional.WhenFalse, variables),
            CelError or Unknown => condition,
            _ => new CelError("'?:' needs a bool condition"),
        };
    }

    private static object? Unary(string op, object? operand)
    {
        if (operand is CelError or Unknown)
        {
            return operand;
        }

        return (op, operand) switch
        {
            ("!", bool b) => !b,
            ("-", long l) => l == long.MinValue ? new CelError("int overflow") : -l,
            ("-", double d) => -d,
            ("-", TimeSpan t) => -t,
            _ => new CelError($"no operator '{op}' for {TypeName(operand)}"),
        };
    }

    private static object? Binary(string op, object? left, object? right)
    {
        if (Propagate([left, right]) is { } pending)
        {
            return pending;
        }

        try
        {
            return op switch
            {
                "==" => Equal(left, right),
                "!=" => Equal(left, right) is bool b ? !b : Equal(left, right),
                "<" or "<=" or ">" or ">=" => Compare(op, left, right),
                "in" => In(left, right),
                "+" => Add(left, right),
                "-" => Subtract(left, right),
                "*" => Arithmetic(op, left, right),
                "/" => Arithmetic(op, left, right),
                "%" => Arithmetic(op, left, right),
                _ => new CelError($"unknown operator '{op}'"),
            };
        }
        catch (OverflowException)
        {
            return new CelError("arithmetic overflow");
        }
        catch (DivideByZeroException)
        {
            return new CelError("division by zero");
        }
    }

    private static object Equal(object? left, object? right)
    {
        if (left is null || right is null)
        {
            return left is null && right is null;
        }

        if (IsNumber(left) && IsNumber(right))
        {
            return NumericCompare(left, right) == 0;
        }

        return (left, right) switch
        {
            (string a, string b) => string.Equals(a, b, StringComparison.Ordinal),
            (bool a, bool b) => a == b,
            (DateTimeOffset a, DateTimeOffset b) => a == b,
            (TimeSpan a, TimeSpan b) => a == b,
            (IPAddress a, IPAddress b) => a.Equals(b),
            (List<object?> a, List<object?> b) => a.Count == b.Count && a.Zip(b).All(p => Equal(p.First, p.Second) is true),
            (Dictionary<string, object?> a, Dictionary<string, object?> b) => a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var v) && Equal(p.Value, v) is true),
            _ when left.GetType() != right.GetType() => new CelError($"no '==' for {TypeName(left)} and {TypeName(right)}"),
            _ => false,
        };
    }

    private static object Compare(string op, object? left, object? right)
    {
        int order;
        if (IsNumber(left) && IsNumber(right))
        {
            var c = NumericCompare(left!, right!);
            if (c is null)
            {
                return false; // NaN compares false
            }

            order = c.Value;
        }
        else
        {
            switch (left, right)
            {
                case (string a, string b): order = string.CompareOrdinal(a, b); break;
                case (DateTimeOffset a, DateTimeOffset b): order = a.CompareTo(b); break;
                case (TimeSpan a, TimeSpan b): order = a.CompareTo(b); break;
                case (bool a, bool b): order = a.CompareTo(b); break;
                default: return new CelError($"no '{op}' for {TypeName(left)} and {TypeName(right)}");
            }
        }

        return op switch
        {
            "<" => order < 0,
            "<=" => order <= 0,
            ">" => order > 0,
            _ => order >= 0,
        };
    }

    private static object In(object? item, object? collection) => collection switch
    {
        List<object?> list => list.Any(e => Equal(item, e) is true),
        Dictionary<string, object?> map => item is string key ? map.ContainsKey(key) : new CelError("a map key must be a string"),
        _ => new CelError($"no 'in' for {TypeName(collection)}"),
    };

    private static object Add(object? left, object? right) => (left, right) switch
    {
        (long a, long b) => checked(a + b),
        (ulong a, ulong b) => checked(a + b),
        (double a, double b) => a + b,
        (string a, string b) => a + b,
        (List<object?> a, List<object?> b) => a.Concat(b).ToList(),
        (DateTimeOffset a, TimeSpan b) => a + b,
        (TimeSpan a, DateTimeOffset b) => b + a,
        (TimeSpan a, TimeSpan b) => a + b,
        _ => new CelError($"no '+' for {TypeName(left)} and {TypeName(right)}"),
    };

    private static object Subtract(object? left, object? right) => (left, right) switch
    {
        (long a, long b) => checked(a - b),
        (ulong a, ulong b) => checked(a - b),
        (double a, double b) => a - b,
        (DateTimeOffset a, TimeSpan b) => a - b,
        (DateTimeOffset a, DateTimeOffset b) => a - b,
        (TimeSpan a, TimeSpan b) => a - b,
        _ => new CelError($"no '-' for {TypeName(left)} and {TypeName(right)}"),
    };

    private static object Arithmetic(string op, object? left, object? right) => (op, left, right) switch
    {
        ("*", long a, long b) => checked(a * b),
        ("*", ulong a, ulong b) => checked(a * b),
        ("*", double a, double b) => a * b,
        ("/", long a, long b) => b == 0 ? new CelError("division by zero") : a == long.MinValue && b == -1 ? new CelError("int overflow") : a / b,
        ("/", ulong a, ulong b) => b == 0 ? new CelError("division by zero") : a / b,
        ("/", double a, double b) => a / b,
        ("%", long a, long b) => b == 0 ? new CelError("modulus by zero") : a % b,
        ("%", ulong a, ulong b) => b == 0 ? new CelError("modulus by zero") : a % b,
        _ => new CelError($"no '{op}' for {TypeName(left)} and {TypeName(right)}"),
    };

    private static object? Index(object? target, object? index)
    {
        if (Propagate([target, index]) is { } pending)
        {
            return pending;
        }

        return (target, index) switch
        {
            (List<object?> list, long i) => i >= 0 && i < list.Count ? list[(int)i] : new CelError("index out of range"),
            (Dictionary<string, object?> map, string key) => map.TryGetValue(key, out var value) ? value : new CelError($"no such key: {key}"),
            _ => new CelError($"cannot index {TypeName(target)} with {TypeName(index)}"),
        };
    }

    private static object? List(CelList list, IReadOnlyDictionary<string, object?> variables)
    {
        var items = list.Items.Select(i => Evaluate(i, variables)).ToList();
        return Propagate(items) ?? items;
    }

    private static object? Map(CelMap map, IReadOnlyDictionary<string, object?> variables)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (keyNode, valueNode) in map.Entries)
        {
            var key = Evaluate(keyNode, variables);
            var value = Evaluate(valueNode, variables);
            if (Propagate([key, value]) is { } pending)
            {
                return pending;
            }

            if (key is not string text)
            {
                return new CelError("map keys must be strings");
            }

            result[text] = value;
        }

        return result;
    }

    private static object? Call(CelCall call, IReadOnlyDictionary<string, object?> variables)
    {
        var target = call.Target is null ? null : Evaluate(call.Target, variables);
        var arguments = call.Arguments.Select(a => Evaluate(a, variables)).ToList();
        if (Propagate(call.Target is null ? arguments : [target, .. arguments]) is { } pending)
        {
            return pending;
        }

        try
        {
            return (call.Function, target, arguments.Count) switch
            {
                ("timestamp", null, 1) when arguments[0] is string s => CelValues.ParseTimestamp(s) ?? (object)new CelError($"invalid timestamp '{s}'"),
                ("duration", null, 1) when arguments[0] is string s => CelValues.ParseDuration(s) ?? (object)new CelError($"invalid duration '{s}'"),
                ("ipaddress", null, 1) when arguments[0] is string s => IPAddress.TryParse(s, out var ip) ? ip : new CelError($"invalid ip address '{s}'"),
                ("int", null, 1) => ToInt(arguments[0]),
                ("uint", null, 1) => ToUInt(arguments[0]),
                ("double", null, 1) => ToDouble(arguments[0]),
                ("string", null, 1) => ToText(arguments[0]),
                ("size", null, 1) => Size(arguments[0]),
                ("size", not null, 0) => Size(target),
                ("in_cidr", IPAddress ip, 1) when arguments[0] is string cidr => CelValues.InCidr(ip, cidr),
                ("startsWith", string s, 1) when arguments[0] is string p => s.StartsWith(p, StringComparison.Ordinal),
                ("endsWith", string s, 1) when arguments[0] is string p => s.EndsWith(p, StringComparison.Ordinal),
                ("contains", string s, 1) when arguments[0] is string p => s.Contains(p, StringComparison.Ordinal),
                ("matches", string s, 1) when arguments[0] is string p => Regex.IsMatch(s, p, RegexOptions.None, TimeSpan.FromMilliseconds(100)),
                _ => new CelError($"no function '{call.Function}' for these arguments"),
            };
        }
        catch (Exception e) when (e is OverflowException or FormatException or ArgumentException or RegexMatchTimeoutException)
        {
            return new CelError(e.Message);
        }
    }

    private static object Size(object? value) => value switch
    {
        string s => (long)s.EnumerateRunes().Count(),
        List<object?> list => (long)list.Count,
        Dictionary<string, object?> map => (long)map.Count,
        _ => new CelError($"no size() for {TypeName(value)}"),
    };

    private static object ToInt(object? value) => value switch
    {
        long l => l,
        ulong u => checked((long)u),
        double d when double.IsFinite(d) && d >= long.MinValue && d < 9.2233720368547758E18 => (long)Math.Truncate(d),
        string s when long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) => l,
        DateTimeOffset t => t.ToUnixTimeSeconds(),
        _ => new CelError($"cannot convert {TypeName(value)} to int"),
    };

    private static object ToUInt(object? value) => value switch
    {
        ulong u => u,
        long l when l >= 0 => (ulong)l,
        double d when double.IsFinite(d) && d >= 0 && d < 1.8446744073709552E19 => (ulong)Math.Truncate(d),
        string s when ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var u) => u,
        _ => new CelError($"cannot convert {TypeName(value)} to uint"),
    };

    private static object ToDouble(object? value) => value switch
    {
        double d => d,
        long l => (double)l,
        ulong u => (double)u,
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => new CelError($"cannot convert {TypeName(value)} to double"),
    };

    private static object ToText(object? value) => value switch
    {
        string s => s,
        long l => l.ToString(CultureInfo.InvariantCulture),
        ulong u => u.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        DateTimeOffset t => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture),
        TimeSpan t => t.TotalSeconds.ToString(CultureInfo.InvariantCulture) + "s",
        IPAddress ip => ip.ToString(),
        _ => new CelError($"cannot convert {TypeName(value)} to string"),
    };

    private static bool IsNumber(object? value) => value is long or ulong or double;

    private static int? NumericCompare(object left, object right)
    {
        switch (left, right)
        {
            case (long a, long b): return a.CompareTo(b);
            case (ulong a, ulong b): return a.CompareTo(b);
            case (long a, ulong b): return a < 0 ? -1 : ((ulong)a).CompareTo(b);
            case (ulong a, long b): return b < 0 ? 1 : a.CompareTo((ulong)b);
        }

        var x = Convert.ToDouble(left, CultureInfo.InvariantCulture);
        var y = Convert.ToDouble(right, CultureInfo.InvariantCulture);
        return double.IsNaN(x) || double.IsNaN(y) ? null : x.CompareTo(y);
    }

    internal static string TypeName(object? value) => value switch
    {
        null => "null",
        long => "int",
        ulong => "uint",
        double => "double",
        string => "string",
        bool => "bool",
        DateTimeOffset => "timestamp",
        TimeSpan => "duration",
        IPAddress => "ipaddress",
        List<object?> => "list",
        Dictionary<string, object?> => "map",
        _ => value.GetType().Name,
    };
}

/// <summary>A variable the expression needs that the context does not have.</summary>
internal sealed record Unknown(string Name);

/// <summary>An evaluation error (a type mismatch, an overflow, a bad conversion).</summary>
internal sealed record CelError(string Message);
