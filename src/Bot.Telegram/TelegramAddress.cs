using System.Globalization;

namespace Makker.Telegram;

/// <summary>How a Telegram chat is named in the channel-neutral core: channel "telegram", address = chat id.</summary>
public static class TelegramAddress
{
    public const string Channel = "telegram";

    public static string Of(long chatId) => chatId.ToString(CultureInfo.InvariantCulture);

    public static bool TryParse(string address, out long chatId) =>
        long.TryParse(address, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out chatId);

    /// <summary>Private chats have positive ids, groups and supergroups negative ones.</summary>
    public static bool IsGroup(long chatId) => chatId < 0;
}
