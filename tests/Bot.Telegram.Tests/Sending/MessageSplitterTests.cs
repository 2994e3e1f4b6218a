using Makker.Telegram.Sending;

namespace Makker.Telegram.Tests.Sending;

public sealed class MessageSplitterTests
{
    [Fact]
    public void A_text_within_the_limit_stays_whole()
    {
        Assert.Equal(["Hej Anna."], MessageSplitter.Split("Hej Anna.", 4096));
    }

    [Fact]
    public void A_long_text_is_cut_at_a_blank_line_before_a_line_break()
    {
        var text = new string('a', 60) + "\n" + new string('b', 20) + "\n\n" + new string('c', 50);

        var parts = MessageSplitter.Split(text, 100);

        Assert.Equal([new string('a', 60) + "\n" + new string('b', 20), new string('c', 50)], parts);
    }

    [Fact]
    public void Without_line_breaks_it_is_cut_after_a_sentence()
    {
        var text = "Vi ses på torsdag. " + new string('x', 40) + " og så videre. Næste sætning er lang " + new string('y', 30);

        var parts = MessageSplitter.Split(text, 80);

        Assert.All(parts, p => Assert.InRange(p.Length, 1, 80));
        Assert.EndsWith("videre.", parts[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Without_any_break_it_cuts_hard_but_never_inside_an_emoji()
    {
        var text = new string('x', 99) + "😀" + new string('z', 50);

        var parts = MessageSplitter.Split(text, 100);

        Assert.Equal(new string('x', 99), parts[0]);
        Assert.StartsWith("😀", parts[1], StringComparison.Ordinal);
        Assert.Equal(text, string.Concat(parts));
    }

    [Theory]
    [InlineData(4097)]
    [InlineData(10_000)]
    [InlineData(50_000)]
    public void Every_part_fits_and_no_word_is_lost(int length)
    {
        var words = string.Join(' ', Enumerable.Range(0, length).Select(i => "ord" + i)).Substring(0, length);

        var parts = MessageSplitter.Split(words, 4096);

        Assert.All(parts, p => Assert.InRange(p.Length, 1, 4096));
        Assert.Equal(words.Split(' '), string.Join(' ', parts).Split(' '));
    }
}
