namespace AgentCore.Security.Jwt.Internal;

/// <summary>RFC 6749 §3.3 scope strings: space-delimited tokens of %x21 / %x23-5B / %x5D-7E.</summary>
internal static class ScopeSyntax
{
    public static bool IsValid(ReadOnlySpan<byte> scope)
    {
        if (scope.IsEmpty || scope[0] == (byte)' ' || scope[^1] == (byte)' ')
        {
            return false;
        }

        var previousWasSpace = false;
        foreach (var c in scope)
        {
            if (c == (byte)' ')
            {
                if (previousWasSpace)
                {
                    return false;
                }

                previousWasSpace = true;
                continue;
            }

            previousWasSpace = false;
            if (c < 0x21 || c == 0x22 || c == 0x5C || c > 0x7E)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Tells whether the space-delimited <paramref name="scopes"/> contains <paramref name="scope"/>.</summary>
    public static bool Contains(ReadOnlySpan<byte> scopes, ReadOnlySpan<byte> scope)
    {
        foreach (var range in scopes.Split((byte)' '))
        {
            if (scopes[range].SequenceEqual(scope))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Tells whether every scope of <paramref name="subset"/> is in <paramref name="superset"/>.</summary>
    public static bool IsSubset(ReadOnlySpan<byte> subset, ReadOnlySpan<byte> superset)
    {
        if (subset.IsEmpty)
        {
            return true;
        }

        foreach (var range in subset.Split((byte)' '))
        {
            if (!Contains(superset, subset[range]))
            {
                return false;
            }
        }

        return true;
    }
}
