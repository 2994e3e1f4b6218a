using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Makker.Testing.FakeTelegram;

/// <summary>
/// Reads request parameters the way Telegram does: a number may come as a JSON number or as a string (form
/// fields are always strings), and an object such as reply_markup as JSON or as a JSON-encoded string. Files
/// uploaded with multipart/form-data are apart from the other parameters, by their field name.
/// </summary>
internal readonly struct RequestArgs(JsonElement root, IReadOnlyDictionary<string, FakeUpload>? files = null)
{
    public JsonElement Root { get; } = root;

    /// <summary>
    /// The file given for a parameter: a file part of that name, or, as Telegram also accepts, the parameter's value
    /// "attach://&lt;part name&gt;" pointing at a file part of another name (how Telegram.Bot uploads).
    /// </summary>
    public FakeUpload? File(string name)
    {
        if (files is null)
        {
            return null;
        }
        if (files.TryGetValue(name, out var file))
        {
            return file;
        }
        return String(name) is { } value && value.StartsWith("attach://", StringComparison.Ordinal)
            && files.TryGetValue(value["attach://".Length..], out file) ? file : null;
    }

    public bool Has(string name) => TryGet(name, out _);

    public string? String(string name) =>
        TryGet(name, out var v) ? v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText() : null;

    public long? Long(string name)
    {
        if (!TryGet(name, out var v))
        {
            return null;
        }
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n))
        {
            return n;
        }
        return v.ValueKind == JsonValueKind.String && long.TryParse(v.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out n)
            ? n
            : throw new FakeApiError($"Bad Request: invalid {name} specified");
    }

    public int? Int(string name) => Long(name) is { } n ? (int)Math.Clamp(n, int.MinValue, int.MaxValue) : null;

    public bool Bool(string name) =>
        TryGet(name, out var v) && (v.ValueKind == JsonValueKind.True
            || (v.ValueKind == JsonValueKind.String && v.GetString() is "true" or "True" or "1"));

    public T? Object<T>(string name, JsonTypeInfo<T> info, string errorDescription) where T : class
    {
        if (!TryGet(name, out var v))
        {
            return null;
        }
        try
        {
            return v.ValueKind switch
            {
                JsonValueKind.Object or JsonValueKind.Array => v.Deserialize(info),
                JsonValueKind.String when v.GetString() is { Length: > 0 } s => JsonSerializer.Deserialize(s, info),
                _ => throw new FakeApiError(errorDescription),
            };
        }
        catch (JsonException)
        {
            throw new FakeApiError(errorDescription);
        }
    }

    public IReadOnlyList<string>? StringList(string name)
    {
        if (!TryGet(name, out var v))
        {
            return null;
        }
        var array = v;
        if (v.ValueKind == JsonValueKind.String)
        {
            try
            {
                using var doc = JsonDocument.Parse(v.GetString() ?? "[]");
                array = doc.RootElement.Clone();
            }
            catch (JsonException)
            {
                throw new FakeApiError($"Bad Request: can't parse {name} JSON array");
            }
        }
        if (array.ValueKind != JsonValueKind.Array)
        {
            throw new FakeApiError($"Bad Request: can't parse {name} JSON array");
        }
        return array.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString() ?? "" : e.GetRawText()).ToArray();
    }

    private bool TryGet(string name, out JsonElement value)
    {
        if (Root.ValueKind == JsonValueKind.Object && Root.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null)
        {
            return true;
        }
        value = default;
        return false;
    }
}

/// <summary>One file part of a multipart/form-data request.</summary>
internal sealed record FakeUpload(string FileName, string? ContentType, byte[] Content);

/// <summary>Ends a method handler with a Telegram error answer (400 unless told otherwise).</summary>
internal sealed class FakeApiError(string description, int errorCode = 400, int? retryAfter = null, long? migrateToChatId = null) : Exception(description)
{
    public int ErrorCode { get; } = errorCode;
    public int? RetryAfter { get; } = retryAfter;
    public long? MigrateToChatId { get; } = migrateToChatId;
}
