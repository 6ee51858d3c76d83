// The sample tests build solutions and start processes; on a small machine shared with other builds,
// running test classes one at a time is faster and steadier than running them side by side.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
