namespace Saperly.Migration.Tool.Tests.Infrastructure;

internal static class Fixtures
{
    public const string PermissionEnum = """
        namespace App;

        public enum KeyPermission
        {
            Full,
            CallOnly,
            SmsOnly,
            ReadOnly
        }

        """;

    public const string LiveKey = "sk_live_4eC39HqLyjWDarjtT1zdp7dc";
    public const string ServiceKey = "sk_svc_test_9xQ2mB7rTz4LkP1vNc8sWd3h";

    /// <summary>One net10.0 project App with the given files, listed in App.slnx, restored.</summary>
    public static TempSolution App(params (string Path, string Text)[] files)
    {
        var solution = new TempSolution().Write("App/App.csproj", TempSolution.Net10Project);
        foreach (var (path, text) in files)
        {
            solution.Write(path, text);
        }

        return solution.WriteSlnx("App.slnx", "App/App.csproj").Restore("App/App.csproj");
    }
}
