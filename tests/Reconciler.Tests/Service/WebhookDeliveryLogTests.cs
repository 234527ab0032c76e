using GitOpsFleet.Reconciler.Service.Webhooks;
using Microsoft.Extensions.Time.Testing;

namespace GitOpsFleet.Reconciler.Tests.Service;

public sealed class WebhookDeliveryLogTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void SameId_WithinTheWindow_IsARepeat_AfterItIsNew()
    {
        var log = new WebhookDeliveryLog(_time, TimeSpan.FromHours(24), 100);
        Assert.True(log.TryRecord("github", "d1"));
        _time.Advance(TimeSpan.FromHours(23));
        Assert.False(log.TryRecord("github", "d1"));
        _time.Advance(TimeSpan.FromHours(1));
        Assert.True(log.TryRecord("github", "d1"));
    }

    [Fact]
    public void SameId_OnAnotherHook_IsAnotherDelivery()
    {
        var log = new WebhookDeliveryLog(_time, TimeSpan.FromHours(24), 100);
        Assert.True(log.TryRecord("github", "d1"));
        Assert.True(log.TryRecord("gitlab", "d1"));
    }

    [Fact]
    public void BeyondTheMaximum_TheOldestIdsAreForgotten()
    {
        var log = new WebhookDeliveryLog(_time, TimeSpan.FromHours(24), 3);
        foreach (var id in new[] { "a", "b", "c", "d" }) Assert.True(log.TryRecord("github", id));
        Assert.Equal(3, log.Count);
        Assert.True(log.TryRecord("github", "a"));
        Assert.False(log.TryRecord("github", "d"));
    }

    [Fact]
    public void ForgottenDelivery_IsTakenAgain()
    {
        var log = new WebhookDeliveryLog(_time, TimeSpan.FromHours(24), 100);
        Assert.True(log.TryRecord("github", "d1"));
        log.Forget("github", "d1");
        Assert.True(log.TryRecord("github", "d1"));
        Assert.False(log.TryRecord("github", "d1"));
    }

    [Fact]
    public void LongIds_AreKeptAsTheirHash_AndStillRecognised()
    {
        var log = new WebhookDeliveryLog(_time, TimeSpan.FromHours(24), 100);
        var id = new string('x', 8000);
        Assert.True(log.TryRecord("generic", id));
        Assert.False(log.TryRecord("generic", id));
        Assert.True(log.TryRecord("generic", id + "y"));
    }
}
