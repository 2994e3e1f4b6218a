namespace Makker.Testing.FakeTelegram;

/// <summary>
/// A pulse waiters can await: take <see cref="WaitAsync"/> first, then check the condition, then await, and no
/// pulse in between is lost. Used instead of polling loops with sleeps.
/// </summary>
internal sealed class AsyncSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task WaitAsync() => Volatile.Read(ref _next).Task;

    public void Raise()
    {
        var fired = Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        fired.TrySetResult();
    }
}
