using System.Net;

namespace AgentCore.Security.AspNetCore;

/// <summary>RFC 9728 resource identifiers and the well-known URLs of their metadata, from configuration only.</summary>
internal static class ResourceMetadataUri
{
    /// <summary>Why <paramref name="resource"/> is not a usable resource identifier, or <see langword="null"/> when it is.</summary>
    public static string? Check(string? resource)
    {
        if (string.IsNullOrEmpty(resource) || !Uri.TryCreate(resource, UriKind.Absolute, out var uri))
        {
            return $"'{resource}' is not an absolute URI (RFC 9728 §2: the resource identifier is an https URL).";
        }

        if (!string.IsNullOrEmpty(uri.Fragment))
        {
            return $"'{resource}' has a fragment, which a resource identifier must not have (RFC 9728 §1.2).";
        }

        if (uri.Scheme == Uri.UriSchemeHttps)
        {
            return null;
        }

        return uri.Scheme == Uri.UriSchemeHttp && IsLoopback(uri)
            ? null
            : $"'{resource}' must use https (http is accepted for loopback hosts only).";
    }

    /// <summary>The metadata URL: <c>/.well-known/oauth-protected-resource</c> inserted between the host and the resource's path.</summary>
    public static string For(Uri resource) => resource.GetLeftPart(UriPartial.Authority) + PathFor(resource);

    /// <summary>The path the metadata is served at for <paramref name="resource"/> (RFC 9728 §3.1).</summary>
    public static string PathFor(Uri resource)
    {
        var path = resource.AbsolutePath.TrimEnd('/');
        return AgentTokenDefaults.ResourceMetadataPath + path;
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
