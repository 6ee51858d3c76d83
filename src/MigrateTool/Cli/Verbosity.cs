namespace Saperly.Migration.Tool.Cli;

internal enum Verbosity
{
    Quiet,
    Normal,
    Detailed,
}
