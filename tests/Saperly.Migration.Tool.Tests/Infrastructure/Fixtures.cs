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

    /// <summary>A key listing authenticated with the API key: SAP001, fixed by an edit inside a method body.</summary>
    public const string KeyListing = """
        using System;
        using System.Net.Http;
        using System.Net.Http.Headers;
        using System.Threading.Tasks;

        namespace App;

        public static class Keys
        {
            public static async Task<string> ListAsync()
            {
                var http = new HttpClient { BaseAddress = new Uri("https://saperly.com/api/") };
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable("SAPERLY_API_KEY"));
                return await http.GetStringAsync("v1/keys");
            }
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
