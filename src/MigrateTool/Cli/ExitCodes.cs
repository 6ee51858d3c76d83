namespace Saperly.Migration.Tool.Cli;

/// <summary>The process exit codes, documented in --help and the README.</summary>
internal static class ExitCodes
{
    /// <summary>Nothing to do, or every change was applied (or previewed).</summary>
    public const int Success = 0;

    /// <summary>--check found changes to make or findings that remain.</summary>
    public const int CheckFoundWork = 1;

    /// <summary>Bad input: missing path, no or several solutions in a folder, unknown extension, bad option.</summary>
    public const int BadInput = 2;

    /// <summary>Partial: a project did not load, or a change was withheld or could not be written; the rest was applied.</summary>
    public const int Partial = 3;

    /// <summary>Ctrl+C (SIGINT), as shells report a process ended by it (128 + 2): every file is either original or fully migrated.</summary>
    public const int Cancelled = 130;

    public const string HelpText =
        "Exit codes:\n" +
        "    0  success: nothing to do, or everything applied (or previewed)\n" +
        "    1  --check found work: changes to make or findings that remain\n" +
        "    2  bad input: missing path, no or several solutions/projects in a folder, unknown extension, bad option\n" +
        "    3  partial: a project failed to load, or a change was withheld or could not be written; the rest was applied\n" +
        "  130  cancelled (Ctrl+C): stopped between two files; every file is original or fully migrated, run again to finish";
}
