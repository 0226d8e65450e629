namespace AgentCore.Security.AspNetCore;

/// <summary>Options of the <c>AgentToken</c> authentication scheme.</summary>
public sealed class AgentTokenAuthenticationOptions : AuthenticationSchemeOptions
{
    /// <summary>Gets or sets a value indicating whether challenges carry <c>error_description</c> (the validation status). Off by default: details help attackers.</summary>
    /// <value>Default <see langword="false"/>.</value>
    public bool IncludeErrorDetails { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether challenges point MCP clients at the protected resource metadata
    /// (RFC 9728 §5.1). It takes effect when <see cref="Resource"/> is set: the metadata URL is built from it,
    /// never from the request's <c>Host</c> header or scheme.
    /// </summary>
    /// <value>Default <see langword="true"/>.</value>
    public bool AdvertiseResourceMetadata { get; set; } = true;

    /// <summary>
    /// Gets or sets this protected resource's identifier (RFC 9728 <c>resource</c>): an absolute https URI (http
    /// only on loopback), the same value <c>MapProtectedResourceMetadata</c> serves. Challenges carry
    /// <c>resource_metadata</c> = its well-known metadata URL (RFC 9728 §3.1, the path inserted form).
    /// </summary>
    /// <value>Default <see langword="null"/>: challenges carry no <c>resource_metadata</c>.</value>
    public Uri? Resource { get; set; }

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        if (Resource is not null && ResourceMetadataUri.Check(Resource.OriginalString) is { } problem)
        {
            throw new InvalidOperationException($"AgentToken scheme: Resource {problem}");
        }
    }
}
