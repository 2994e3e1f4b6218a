using Makker.Storage;

namespace Makker.Tests.Storage;

/// <summary>The gate that queues SQLite's writers also says when the log is due to be copied back (SqliteCheckpointer).</summary>
public sealed class WriteGateTests
{
    [Fact]
    public async Task A_checkpoint_is_due_after_every_hundred_write_turns_and_due_once_however_many_more_pass()
    {
        var gate = new WriteGate(singleWriter: true);
        var due = gate.CheckpointDueAsync(CancellationToken.None);
        await TurnsAsync(gate, WriteGate.TurnsPerCheckpoint - 1);
        Assert.False(due.IsCompleted);

        await TurnsAsync(gate, 1);
        Assert.True(due.IsCompleted);

        // Two hundred turns while nobody looked: one checkpoint is due, not two.
        await TurnsAsync(gate, 2 * WriteGate.TurnsPerCheckpoint);
        Assert.True(gate.CheckpointDueAsync(CancellationToken.None).IsCompleted);
        var next = gate.CheckpointDueAsync(CancellationToken.None);
        Assert.False(next.IsCompleted);
        await TurnsAsync(gate, WriteGate.TurnsPerCheckpoint);
        Assert.True(next.IsCompleted);
    }

    [Fact]
    public async Task Without_a_single_writer_nobody_waits_and_no_checkpoint_is_ever_due()
    {
        var gate = new WriteGate(singleWriter: false);
        var due = gate.CheckpointDueAsync(CancellationToken.None);
        using (await gate.EnterAsync(CancellationToken.None))
        {
            // A second writer goes straight through while the first is still in.
            var second = gate.EnterAsync(CancellationToken.None);
            Assert.True(second.IsCompleted);
        }
        await TurnsAsync(gate, 3 * WriteGate.TurnsPerCheckpoint);
        Assert.False(due.IsCompleted);
    }

    private static async Task TurnsAsync(WriteGate gate, int count)
    {
        for (var i = 0; i < count; i++)
        {
            using var turn = await gate.EnterAsync(CancellationToken.None);
        }
    }
}
