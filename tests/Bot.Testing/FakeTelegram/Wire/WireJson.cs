using System.Text.Json;
using System.Text.Json.Serialization;

namespace Makker.Testing.FakeTelegram.Wire;

/// <summary>The fake server's JSON: snake_case names and nulls left out, as Telegram writes its answers and updates.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
[JsonSerializable(typeof(ApiResponse<User>))]
[JsonSerializable(typeof(ApiResponse<IReadOnlyList<Update>>))]
[JsonSerializable(typeof(ApiResponse<bool>))]
[JsonSerializable(typeof(ApiResponse<Message>))]
[JsonSerializable(typeof(ApiResponse<WebhookInfo>))]
[JsonSerializable(typeof(ApiResponse<JsonElement>))]
[JsonSerializable(typeof(ApiResponse<IReadOnlyList<BotCommand>>))]
[JsonSerializable(typeof(Update))]
[JsonSerializable(typeof(IReadOnlyList<Update>))]
[JsonSerializable(typeof(Message))]
[JsonSerializable(typeof(InlineKeyboardMarkup))]
[JsonSerializable(typeof(ResponseParameters))]
[JsonSerializable(typeof(BotCommandScope))]
[JsonSerializable(typeof(LinkPreviewOptions))]
public sealed partial class WireJson : JsonSerializerContext;
