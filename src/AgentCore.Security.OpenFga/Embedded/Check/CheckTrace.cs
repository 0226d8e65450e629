namespace AgentCore.Security.OpenFga.Embedded.Check;

/// <summary>The steps of one check, recorded by <see cref="CheckEngine"/> when it is asked to explain: an indented tree.</summary>
internal sealed class CheckTrace
{
    private readonly List<(int Depth, string Text)> _lines = [];
    private int _depth;

    public IReadOnlyList<string> Lines => [.. _lines.Select(l => new string(' ', 2 * l.Depth) + l.Text)];

    public int Begin(string text)
    {
        _lines.Add((_depth, text));
        _depth++;
        return _lines.Count - 1;
    }

    public void End(int step, Outcome outcome)
    {
        _depth--;
        _lines[step] = (_lines[step].Depth, $"{_lines[step].Text} → {Describe(outcome)}");
    }

    public void Note(string text) => _lines.Add((_depth, text));

    public static string Describe(Outcome outcome) => outcome.Kind switch
    {
        OutcomeKind.True => "true",
        OutcomeKind.False => "false",
        OutcomeKind.Cycle => "cycle (false)",
        _ => $"error {(int)outcome.Code}: {outcome.Message}",
    };
}
