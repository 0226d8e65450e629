using System.Globalization;

namespace AgentCore.Security.Diagnostics;

/// <summary>
/// Makes text from outside (an object computed from a skill's input, a token service's error description)
/// safe for one log line: C0 and C1 controls, DEL and the line and paragraph separators are written as
/// <c>\uXXXX</c>, so no value can end the line and forge another. Returns the same string when nothing needs it.
/// </summary>
internal static class LogText
{
    public static string? Escape(string? value)
    {
        if (value is null || !value.AsSpan().ContainsAny(Unsafe))
        {
            return value;
        }

        var builder = new StringBuilder(value.Length + 16);
        foreach (var c in value)
        {
            if (IsUnsafe(c))
            {
                builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static readonly System.Buffers.SearchValues<char> Unsafe = System.Buffers.SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Select(i => (char)i), '\u007f', .. Enumerable.Range(0x80, 0x20).Select(i => (char)i), '\u2028', '\u2029']);

    private static bool IsUnsafe(char c) => c < 0x20 || c is >= '\u007f' and <= '\u009f' || c is '\u2028' or '\u2029';
}

/// <summary>Text escaped by <see cref="LogText.Escape"/> when, and only when, a log line is written.</summary>
internal readonly struct EscapedText(string? value)
{
    public override string ToString() => LogText.Escape(value) ?? string.Empty;
}
