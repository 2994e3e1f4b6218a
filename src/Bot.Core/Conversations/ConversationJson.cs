using System.Text.Json.Serialization;

namespace Makker.Conversations;

[JsonSerializable(typeof(IReadOnlyList<IReadOnlyList<Button>>))]
[JsonSerializable(typeof(List<DialogFrame>))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class ConversationJson : JsonSerializerContext;
