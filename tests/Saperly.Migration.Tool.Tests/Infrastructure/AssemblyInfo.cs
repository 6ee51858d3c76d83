using Xunit;

// Each test loads real solutions with MSBuild (a build host process per load) on a 2-core machine:
// running them one at a time is as fast as in parallel, and keeps timings predictable.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
