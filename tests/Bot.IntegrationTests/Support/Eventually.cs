namespace Makker.IntegrationTests.Support;

/// <summary>
/// Waits for background work (a scheduler thread, a dispatcher) to reach a state, checking again every few
/// milliseconds of real time. It never stands in for the passing of product time: that is the fake clock's.
/// </summary>
public static class Eventually
{
    public static async Task WaitAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"Waited in vain for: {what}");
            }
            await Task.Delay(25);
        }
    }
}
