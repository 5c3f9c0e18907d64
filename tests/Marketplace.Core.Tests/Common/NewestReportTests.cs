using Marketplace.Grains.Common;

namespace Marketplace.Core.Tests.Common;

/// <summary>Reports sent one at a time, the newest of those made meanwhile, on one thread as a grain activation runs.</summary>
public sealed class NewestReportTests
{
    [Fact]
    public void Reports_made_while_one_is_on_its_way_are_sent_as_the_newest_only_once_it_is_taken() => OneThread.Run(async () =>
    {
        var taken = new List<int>();
        var receiver = new Queue<TaskCompletionSource>();
        var reports = new NewestReport<int>(report =>
        {
            taken.Add(report);
            var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            receiver.Enqueue(answer);
            return answer.Task;
        }, failure => throw failure);

        reports.Post(1);
        for (var level = 2; level <= 40; level++)
        {
            reports.Post(level);
        }
        Assert.Equal([1], taken);

        await Answer(receiver);
        Assert.Equal([1, 40], taken);
        await Answer(receiver);
        Assert.Empty(receiver);

        reports.Post(41);
        Assert.Equal([1, 40, 41], taken);
    });

    [Fact]
    public void A_failed_report_is_handed_over_and_the_next_one_still_goes() => OneThread.Run(async () =>
    {
        var taken = new List<int>();
        var failures = new List<Exception>();
        var reports = new NewestReport<int>(report =>
        {
            taken.Add(report);
            return report == 1 ? Task.FromException(new TimeoutException("the product did not answer")) : Task.CompletedTask;
        }, failures.Add);

        reports.Post(1);
        reports.Post(2);
        await Task.Yield();

        Assert.Equal([1, 2], taken);
        Assert.IsType<TimeoutException>(Assert.Single(failures));
    });

    /// <summary>The receiver answers the oldest report, and the reporter's continuation (queued first on the one thread) runs.</summary>
    private static async Task Answer(Queue<TaskCompletionSource> receiver)
    {
        receiver.Dequeue().SetResult();
        await Task.Yield();
    }
}
