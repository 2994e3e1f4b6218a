using System.Net;
using System.Net.Http.Json;
using Makker.Features.Participation;
using Makker.Host.Channels.WebChat;
using Makker.IntegrationTests.Support;
using Makker.Storage;
using Makker.Testing;
using Microsoft.EntityFrameworkCore;

namespace Makker.IntegrationTests.WebChat;

/// <summary>The web chat's HTTP side over real loopback HTTP: the channel contract the page relies on.</summary>
public class WebChatApiTests : RunsOnBothDatabases, IAsyncLifetime
{
    private RunningHost _host = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _host = await RunningHost.StartAsync(storage: Provider);
        _http = _host.Client();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
    }

    [SkippableFact]
    public async Task The_demo_community_has_a_host_a_coordinator_two_volunteers_and_three_participants()
    {
        var people = await _http.GetFromJsonAsync<List<WebChatPerson>>("api/webchat/people");
        Assert.NotNull(people);
        Assert.Equal(1, people.Count(p => p.Role == "host"));
        Assert.Equal(1, people.Count(p => p.Role == "coordinator"));
        Assert.Equal(2, people.Count(p => p.Role == "volunteer"));
        Assert.Equal(3, people.Count(p => p.Role == "participant"));

        await using var db = _host.Db();
        var dinner = await db.Activities.SingleAsync();
        Assert.Equal(WeekDays.Thursday, dinner.Days);
        Assert.Equal(6, await db.ActivityMembers.CountAsync(m => m.ActivityId == dinner.Id));
        Assert.Equal(1, await db.ActivityMembers.CountAsync(m => m.IsHost));
    }

    [SkippableFact]
    public async Task Fetched_messages_are_marked_delivered_and_not_fetched_again()
    {
        var sent = await _http.PostAsJsonAsync("api/webchat/demo-karim/messages", new WebChatIncoming("/start", null, null, "Karim", "da"));
        sent.EnsureSuccessStatusCode();

        var first = await _http.GetFromJsonAsync<List<WebChatMessage>>("api/webchat/demo-karim/messages?after=0");
        Assert.NotNull(first);
        Assert.NotEmpty(first);
        Assert.Contains(first, m => m.Buttons.Count > 0);
        var again = await _http.GetFromJsonAsync<List<WebChatMessage>>($"api/webchat/demo-karim/messages?after={first.Max(m => m.Id)}");
        Assert.Empty(again!);

        await using var db = _host.Db();
        var ids = first.Select(m => m.Id).ToList();
        // Karim is not stored by name before consent, so his replies vanish once delivered; none stays pending.
        Assert.Equal(0, await db.Outbox.CountAsync(o => ids.Contains(o.Id) && o.Status == OutboxStatus.Pending));
    }

    [SkippableFact]
    public async Task Pressing_a_button_through_the_api_answers_and_edits_the_message()
    {
        await _http.PostAsJsonAsync("api/webchat/demo-lise/messages", new WebChatIncoming("/start", null, null, "Lise", "en"));
        var messages = await _http.GetFromJsonAsync<List<WebChatMessage>>("api/webchat/demo-lise/messages?after=0");
        var withButtons = messages!.Single(m => m.Buttons.Count > 0);
        var no = withButtons.Buttons.SelectMany(r => r).Single(b => b.Payload.EndsWith(":no", StringComparison.Ordinal));

        var press = await _http.PostAsJsonAsync("api/webchat/demo-lise/messages", new WebChatIncoming(null, no.Payload, withButtons.Id, "Lise", "en"));
        press.EnsureSuccessStatusCode();
        var again = await _http.PostAsJsonAsync("api/webchat/demo-lise/messages", new WebChatIncoming(null, no.Payload, withButtons.Id, "Lise", "en"));
        var second = await again.Content.ReadFromJsonAsync<WebChatTurn>();
        Assert.False(string.IsNullOrWhiteSpace(second!.ButtonAnswer));

        var after = await _http.GetFromJsonAsync<List<WebChatMessage>>($"api/webchat/demo-lise/messages?after={withButtons.Id}");
        Assert.Contains(after!, m => m.EditsMessageId == withButtons.Id && m.Buttons.Count == 0);
        await using var db = _host.Db();
        Assert.Equal(ConsentState.Refused, (await db.People.SingleAsync(p => p.ExternalId == "demo-lise")).Consent);
    }

    [SkippableFact]
    public async Task A_button_press_without_a_name_keeps_the_name_given_earlier()
    {
        await _http.PostAsJsonAsync("api/webchat/guest-yasmin/messages", new WebChatIncoming("/start", null, null, "Yasmin", "da"));
        var messages = await _http.GetFromJsonAsync<List<WebChatMessage>>("api/webchat/guest-yasmin/messages?after=0");
        var question = messages!.Single(m => m.Buttons.Count > 0);
        var yes = question.Buttons.SelectMany(r => r).Single(b => b.Payload.EndsWith(":yes", StringComparison.Ordinal));

        var press = await _http.PostAsJsonAsync("api/webchat/guest-yasmin/messages", new WebChatIncoming(null, yes.Payload, question.Id, null, null));
        press.EnsureSuccessStatusCode();

        await using var db = _host.Db();
        var person = await db.People.SingleAsync(p => p.ExternalId == "guest-yasmin");
        Assert.Equal(ConsentState.Given, person.Consent);
        Assert.Equal("Yasmin", person.FirstName);
    }

    [SkippableFact]
    public async Task A_message_with_a_file_lists_it_and_the_file_downloads_as_an_attachment()
    {
        const string report = "uge;kommer;ikke i dag;følgeskab\n47;12;3;1\n";
        var id = await QueueDocumentAsync("demo-jonas", "Rapport for november", "makker-rapport-2026-11.csv", report);

        var messages = await _http.GetFromJsonAsync<List<WebChatMessage>>("api/webchat/demo-jonas/messages?after=0");
        var message = Assert.Single(messages!, m => m.Id == id);
        Assert.Equal("Rapport for november", message.Text);
        Assert.Equal("makker-rapport-2026-11.csv", message.Document?.Name);

        var download = await _http.GetAsync(message.Document!.Url);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("text/csv; charset=utf-8", download.Content.Headers.ContentType?.ToString());
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("makker-rapport-2026-11.csv", download.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal(System.Text.Encoding.UTF8.GetBytes(report), await download.Content.ReadAsByteArrayAsync());
        // Messages without a file say so.
        await _http.PostAsJsonAsync("api/webchat/demo-jonas/messages", new WebChatIncoming("/help", null, null, "Jonas", "da"));
        var later = await _http.GetFromJsonAsync<List<WebChatMessage>>($"api/webchat/demo-jonas/messages?after={id}");
        Assert.All(later!, m => Assert.Null(m.Document));
    }

    [SkippableFact]
    public async Task A_file_that_is_not_csv_downloads_as_plain_text()
    {
        var id = await QueueDocumentAsync("demo-jonas", "", "noter.txt", "Husk nøglen.");

        var download = await _http.GetAsync($"api/webchat/demo-jonas/documents/{id}");

        Assert.Equal("text/plain; charset=utf-8", download.Content.Headers.ContentType?.ToString());
        Assert.Equal("noter.txt", download.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal("Husk nøglen.", await download.Content.ReadAsStringAsync());
    }

    [SkippableFact]
    public async Task Only_the_person_the_file_was_sent_to_can_download_it()
    {
        var id = await QueueDocumentAsync("demo-jonas", "Rapport", "makker-rapport-2026-11.csv", "uge;kommer\n47;12\n");
        var plain = await _http.PostAsJsonAsync("api/webchat/demo-jonas/messages", new WebChatIncoming("/help", null, null, "Jonas", "da"));
        plain.EnsureSuccessStatusCode();
        var textOnly = (await _http.GetFromJsonAsync<List<WebChatMessage>>($"api/webchat/demo-jonas/messages?after={id}"))!.First().Id;

        var someoneElse = await _http.GetAsync($"api/webchat/demo-anna/documents/{id}");
        var badKey = await _http.GetAsync($"api/webchat/{Uri.EscapeDataString("../demo-jonas")}/documents/{id}");
        var noFile = await _http.GetAsync($"api/webchat/demo-jonas/documents/{textOnly}");
        var noSuchId = await _http.GetAsync($"api/webchat/demo-jonas/documents/{id + 1000}");

        Assert.Equal(HttpStatusCode.NotFound, someoneElse.StatusCode);
        Assert.DoesNotContain("uge;kommer", await someoneElse.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badKey.StatusCode);
        Assert.Contains("chat key", (await badKey.Content.ReadFromJsonAsync<WebChatError>())!.Error, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, noFile.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, noSuchId.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync($"api/webchat/demo-jonas/documents/{id}")).StatusCode);
    }

    [SkippableTheory]
    [InlineData("Not A Key")]
    [InlineData("../etc")]
    [InlineData("a-key-that-is-far-too-long-to-be-a-chat-key-at-all")]
    public async Task A_bad_chat_key_gets_a_clear_400(string key)
    {
        var response = await _http.PostAsJsonAsync($"api/webchat/{Uri.EscapeDataString(key)}/messages", new WebChatIncoming("hi", null, null, null, null));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await response.Content.ReadFromJsonAsync<WebChatError>();
        Assert.Contains("chat key", error!.Error, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task An_empty_message_gets_a_clear_400_and_stores_nothing()
    {
        var response = await _http.PostAsJsonAsync("api/webchat/guest-empty/messages", new WebChatIncoming("   ", null, null, null, null));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await using var db = _host.Db();
        Assert.False(await db.People.AnyAsync(p => p.ExternalId == "guest-empty"));
    }

    /// <summary>A message with a file as a feature writes it (a coordinator's report, say).</summary>
    private async Task<long> QueueDocumentAsync(string who, string caption, string fileName, string content)
    {
        await using var db = _host.Db();
        var person = await db.People.SingleAsync(p => p.Channel == WebChatEndpoints.Channel && p.ExternalId == who);
        var row = new OutboxMessage
        {
            PersonId = person.Id,
            Channel = WebChatEndpoints.Channel,
            Address = who,
            Text = caption,
            DocumentName = fileName,
            DocumentText = content,
            CreatedAt = _host.Clock.GetUtcNow(),
        };
        db.Outbox.Add(row);
        await db.SaveChangesAsync();
        return row.Id;
    }

    [SkippableFact]
    public async Task A_malformed_body_gets_400_not_a_crash()
    {
        using var content = new StringContent("{not json", System.Text.Encoding.UTF8, "application/json");
        var response = await _http.PostAsync("api/webchat/demo-anna/messages", content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var ok = await _http.PostAsJsonAsync("api/webchat/demo-anna/messages", new WebChatIncoming("/help", null, null, "Anna", "da"));
        ok.EnsureSuccessStatusCode();
    }
}

public sealed class WebChatApiTestsOnPostgres : WebChatApiTests
{
    protected override StorageProvider Provider => StorageProvider.PostgreSQL;
}
