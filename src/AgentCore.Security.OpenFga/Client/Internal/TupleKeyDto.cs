#pragma warning disable SA1402 // the wire shapes of one API stay together
#pragma warning disable CA1720 // 'Object' is OpenFGA's own name
using System.Text.Json.Serialization;

namespace AgentCore.Security.OpenFga.Client.Internal;

internal sealed record TupleKeyDto(string User, string Relation, string Object, RelationshipConditionDto? Condition = null);

internal sealed record RelationshipConditionDto(string Name, Dictionary<string, JsonElement>? Context);

internal sealed record TupleKeysDto(List<TupleKeyDto> TupleKeys);

internal sealed record CheckRequestDto(TupleKeyDto TupleKey, TupleKeysDto? ContextualTuples, string? AuthorizationModelId, Dictionary<string, JsonElement>? Context, string? Consistency);

internal sealed record CheckResponseDto(bool Allowed);

internal sealed record BatchCheckItemDto(TupleKeyDto TupleKey, TupleKeysDto? ContextualTuples, Dictionary<string, JsonElement>? Context, string CorrelationId);

internal sealed record BatchCheckRequestDto(List<BatchCheckItemDto> Checks, string? AuthorizationModelId, string? Consistency);

internal sealed record BatchCheckResponseDto(Dictionary<string, BatchCheckSingleResultDto>? Result);

internal sealed record BatchCheckSingleResultDto(bool Allowed, CheckErrorDto? Error);

internal sealed record CheckErrorDto(string? InputError, string? InternalError, string? Message);

internal sealed record WriteRequestDto(TupleKeysDto? Writes, TupleKeysDto? Deletes, string? AuthorizationModelId);

internal sealed record ErrorResponseDto(string? Code, string? Message);

internal sealed record WriteModelResponseDto(string AuthorizationModelId);

internal sealed record ListObjectsRequestDto(string? AuthorizationModelId, string Type, string Relation, string User, TupleKeysDto? ContextualTuples, Dictionary<string, JsonElement>? Context, string? Consistency);

internal sealed record ListObjectsResponseDto(List<string>? Objects);

internal sealed record TokenResponseDto(string? AccessToken, double? ExpiresIn);

internal sealed record FgaObjectDto(string Type, string Id);

internal sealed record UserTypeFilterDto(string Type, string? Relation);

internal sealed record ListUsersRequestDto(string? AuthorizationModelId, FgaObjectDto Object, string Relation, List<UserTypeFilterDto> UserFilters, List<TupleKeyDto>? ContextualTuples, Dictionary<string, JsonElement>? Context, string? Consistency);

internal sealed record ListUsersResponseDto(List<ListedUserDto>? Users);

internal sealed record ListedUserDto(FgaObjectDto? Object, UsersetUserDto? Userset, TypedWildcardDto? Wildcard);

internal sealed record UsersetUserDto(string Type, string Id, string Relation);

internal sealed record TypedWildcardDto(string Type);

internal sealed record StreamedListObjectsLineDto(StreamedListObjectsResultDto? Result, StreamErrorDto? Error);

internal sealed record StreamedListObjectsResultDto(string? Object);

internal sealed record StreamErrorDto(JsonElement? Code, string? Message);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CheckRequestDto))]
[JsonSerializable(typeof(CheckResponseDto))]
[JsonSerializable(typeof(BatchCheckRequestDto))]
[JsonSerializable(typeof(BatchCheckResponseDto))]
[JsonSerializable(typeof(WriteRequestDto))]
[JsonSerializable(typeof(ErrorResponseDto))]
[JsonSerializable(typeof(WriteModelResponseDto))]
[JsonSerializable(typeof(ListObjectsRequestDto))]
[JsonSerializable(typeof(ListObjectsResponseDto))]
[JsonSerializable(typeof(TokenResponseDto))]
[JsonSerializable(typeof(ListUsersRequestDto))]
[JsonSerializable(typeof(ListUsersResponseDto))]
[JsonSerializable(typeof(StreamedListObjectsLineDto))]
internal sealed partial class OpenFgaJsonContext : JsonSerializerContext;
