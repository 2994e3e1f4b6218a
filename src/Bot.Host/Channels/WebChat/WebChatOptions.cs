namespace Makker.Host.Channels.WebChat;

public sealed class WebChatOptions
{
    public const string Section = "WebChat";

    /// <summary>
    /// The local web chat lets anyone who reaches the page talk as any demo person, so it is for a developer's
    /// own machine only: on in Development, off otherwise.
    /// </summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// The web chat outside Development (a demo on a shared machine): the host refuses to start with it otherwise, and
    /// then it answers requests from this machine (loopback) only.
    /// </summary>
    public bool AllowOutsideDevelopment { get; set; }

    /// <summary>A button on the page that makes the next nudge or briefing happen now. For trying the bot locally.</summary>
    public bool DemoControls { get; set; }
}
