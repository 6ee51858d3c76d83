using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using Saperly.Migration.Analyzers.Rules;
using VerifyCS = Saperly.Migration.Tests.Verifiers.CodeFixVerifier<
    Saperly.Migration.Analyzers.Rules.HardCodedSecretKeyAnalyzer,
    Saperly.Migration.CodeFixes.HardCodedSecretKeyCodeFix>;

namespace Saperly.Migration.Tests
{
    /// <summary>Every key in these sources is an obviously fake value.</summary>
    public class SAP007_HardCodedSecretKeyCodeFixTests
    {
        private static DiagnosticResult Sap007(int location, string prefix = "sk_live_…", string secret = "SAPERLY_API_KEY") =>
            VerifyCS.Diagnostic(RuleIds.HardCodedSecretKey).WithLocation(location).WithArguments(prefix, secret);

        [Fact]
        public async Task KeyValue_BecomesAnEnvironmentRead_ByTier_BearerStringsKeepTheirScheme()
        {
            const string source = """
                class C
                {
                    async Task Run()
                    {
                        var http = new HttpClient { BaseAddress = new Uri("https://saperly.com/api/") };
                        http.DefaultRequestHeaders.Authorization = new("Bearer", {|#0:"sk_live_FAKE_FAKE"|} /* agent */);
                        await http.GetAsync("v1/lines");
                        var admin = new HttpClient { BaseAddress = new Uri("https://saperly.com/api/") };
                        admin.DefaultRequestHeaders.Add("Authorization", {|#1:"Bearer sk_svc_live_FAKE_FAKE"|});
                        await admin.GetAsync("v1/keys");
                    }
                }
                """;
            const string fixedSource = """
                class C
                {
                    async Task Run()
                    {
                        var http = new HttpClient { BaseAddress = new Uri("https://saperly.com/api/") };
                        http.DefaultRequestHeaders.Authorization = new("Bearer", Environment.GetEnvironmentVariable("SAPERLY_API_KEY") /* agent */);
                        await http.GetAsync("v1/lines");
                        var admin = new HttpClient { BaseAddress = new Uri("https://saperly.com/api/") };
                        admin.DefaultRequestHeaders.Add("Authorization", "Bearer " + Environment.GetEnvironmentVariable("SAPERLY_SERVICE_KEY"));
                        await admin.GetAsync("v1/keys");
                    }
                }
                """;
            var test = VerifyCS.Create(source, fixedSource);
            test.ExpectedDiagnostics.AddRange(new[] { Sap007(0), Sap007(1, "sk_svc_live_…", "SAPERLY_SERVICE_KEY") });
            test.CodeActionEquivalenceKey = RuleIds.HardCodedSecretKey;
            test.NumberOfFixAllIterations = 1;
            test.NumberOfFixAllInDocumentIterations = 1;
            test.NumberOfIncrementalIterations = 2;
            await test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public async Task SharedConstant_BecomesStaticReadonly_ReadFromTheEnvironment()
        {
            const string source = """
                static class Keys
                {
                    public const string Agent = {|#0:"sk_test_FAKE_FAKE"|};
                }

                class SaperlyCalls
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    async Task Run()
                    {
                        _http.DefaultRequestHeaders.Authorization = new("Bearer", Keys.Agent);
                        await _http.GetAsync("v1/calls");
                        await _http.GetAsync("v1/lines");
                    }
                }
                """;
            const string fixedSource = """
                static class Keys
                {
                    public static readonly string Agent = Environment.GetEnvironmentVariable("SAPERLY_API_KEY");
                }

                class SaperlyCalls
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    async Task Run()
                    {
                        _http.DefaultRequestHeaders.Authorization = new("Bearer", Keys.Agent);
                        await _http.GetAsync("v1/calls");
                        await _http.GetAsync("v1/lines");
                    }
                }
                """;
            await VerifyCS.VerifyAsync(source, fixedSource, Sap007(0, "sk_test_…"));
        }

        [Fact]
        public async Task LocalConstant_LosesConst()
        {
            const string source = """
                class SaperlyJob
                {
                    async Task Run()
                    {
                        const string key = {|#0:"sk_live_FAKE"|};
                        var http = new HttpClient { BaseAddress = new Uri("https://saperly.com/api/") };
                        http.DefaultRequestHeaders.Authorization = new("Bearer", key);
                        await http.GetAsync("v1/calls");
                    }
                }
                """;
            const string fixedSource = """
                class SaperlyJob
                {
                    async Task Run()
                    {
                        string key = Environment.GetEnvironmentVariable("SAPERLY_API_KEY");
                        var http = new HttpClient { BaseAddress = new Uri("https://saperly.com/api/") };
                        http.DefaultRequestHeaders.Authorization = new("Bearer", key);
                        await http.GetAsync("v1/calls");
                    }
                }
                """;
            await VerifyCS.VerifyAsync(source, fixedSource, Sap007(0));
        }

        [Fact]
        public async Task ConstantAlsoUsedInAnAttribute_IsNotRewritten()
        {
            const string source = """
                class KeyAttribute(string value) : Attribute { }

                static class Keys
                {
                    public const string Agent = {|#0:"sk_live_FAKE_FAKE"|};
                }

                [Key(Keys.Agent)]
                class SaperlyCalls
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    async Task Run()
                    {
                        _http.DefaultRequestHeaders.Authorization = new("Bearer", Keys.Agent);
                        await _http.GetAsync("v1/calls");
                    }
                }
                """;
            await VerifyCS.VerifyAsync(source, source, Sap007(0));
        }

        [Fact]
        public async Task SdkClientKey_AndOptionsValue_AreReadFromTheEnvironment()
        {
            const string source = """
                class SaperlyClientOptions { public string? ApiKey { get; set; } }
                class SaperlyClient
                {
                    public SaperlyClient(string? serviceKey) { }
                    public SaperlyClient(SaperlyClientOptions options) { }
                }

                class Program
                {
                    void Run()
                    {
                        var svc = new SaperlyClient({|#0:"sk_svc_test_FAKE"|});
                        var agent = new SaperlyClient(new SaperlyClientOptions { ApiKey = {|#1:@"sk_test_FAKE"|} });
                    }
                }
                """;
            const string fixedSource = """
                class SaperlyClientOptions { public string? ApiKey { get; set; } }
                class SaperlyClient
                {
                    public SaperlyClient(string? serviceKey) { }
                    public SaperlyClient(SaperlyClientOptions options) { }
                }

                class Program
                {
                    void Run()
                    {
                        var svc = new SaperlyClient(Environment.GetEnvironmentVariable("SAPERLY_SERVICE_KEY"));
                        var agent = new SaperlyClient(new SaperlyClientOptions { ApiKey = Environment.GetEnvironmentVariable("SAPERLY_API_KEY") });
                    }
                }
                """;
            await VerifyCS.VerifyAsync(source, fixedSource, Sap007(0, "sk_svc_test_…", "SAPERLY_SERVICE_KEY"), Sap007(1, "sk_test_…"));
        }

        [Fact]
        public async Task Fallbacks_FailClearly_NamingTheMissingSecret()
        {
            const string source = """
                #nullable disable
                class Settings(IConfiguration config)
                {
                    public string Api => Environment.GetEnvironmentVariable("SAPERLY_API_KEY") ?? {|#0:"sk_live_FAKE"|};
                    public string Service => config["Saperly:ServiceKey"] ?? ({|#1:"sk_svc_live_FAKE"|});
                    public string Bound => config.GetValue("Saperly:ApiKey", {|#2:"sk_test_FAKE"|});
                    public string Sectioned => config.GetSection("Saperly")["ApiKey"] ?? {|#3:"sk_test_FAKE"|} /* dev */;
                }
                """;
            const string fixedSource = """
                #nullable disable
                class Settings(IConfiguration config)
                {
                    public string Api => Environment.GetEnvironmentVariable("SAPERLY_API_KEY") ?? throw new InvalidOperationException("SAPERLY_API_KEY is not set");
                    public string Service => config["Saperly:ServiceKey"] ?? throw new InvalidOperationException("Saperly:ServiceKey is not set");
                    public string Bound => config.GetValue<string>("Saperly:ApiKey") ?? throw new InvalidOperationException("Saperly:ApiKey is not set");
                    public string Sectioned => config.GetSection("Saperly")["ApiKey"] ?? throw new InvalidOperationException("Saperly:ApiKey is not set") /* dev */;
                }
                """;
            await VerifyCS.VerifyAsync(source, fixedSource,
                Sap007(0), Sap007(1, "sk_svc_live_…", "SAPERLY_SERVICE_KEY"), Sap007(2, "sk_test_…"), Sap007(3, "sk_test_…"));
        }

        [Fact]
        public async Task Fallbacks_InEveryStatementContext_StillCompile_WithNullableOn()
        {
            const string source = """
                #nullable enable
                class Settings(IConfiguration config)
                {
                    private readonly string _field = Environment.GetEnvironmentVariable("SAPERLY_API_KEY") ?? {|#0:"sk_live_FAKE"|};
                    public static Func<string> Later = () => Environment.GetEnvironmentVariable("SAPERLY_API_KEY") ?? {|#1:"sk_live_FAKE"|};

                    public string Header()
                    {
                        var trimmed = config.GetValue("Saperly:ApiKey", {|#2:"sk_test_FAKE"|}).Trim();
                        var bearer = $"Bearer {Environment.GetEnvironmentVariable("SAPERLY_API_KEY") ?? {|#3:"sk_live_FAKE"|}}";
                        Use(config["Saperly:ApiKey"] ?? {|#4:"sk_test_FAKE"|});
                        return trimmed + bearer;
                    }

                    private static void Use(string key) { }
                }
                """;
            const string fixedSource = """
                #nullable enable
                class Settings(IConfiguration config)
                {
                    private readonly string _field = Environment.GetEnvironmentVariable("SAPERLY_API_KEY") ?? throw new InvalidOperationException("SAPERLY_API_KEY is not set");
                    public static Func<string> Later = () => Environment.GetEnvironmentVariable("SAPERLY_API_KEY") ?? throw new InvalidOperationException("SAPERLY_API_KEY is not set");

                    public string Header()
                    {
                        var trimmed = (config.GetValue<string>("Saperly:ApiKey") ?? throw new InvalidOperationException("Saperly:ApiKey is not set")).Trim();
                        var bearer = $"Bearer {Environment.GetEnvironmentVariable("SAPERLY_API_KEY") ?? throw new InvalidOperationException("SAPERLY_API_KEY is not set")}";
                        Use(config["Saperly:ApiKey"] ?? throw new InvalidOperationException("Saperly:ApiKey is not set"));
                        return trimmed + bearer;
                    }

                    private static void Use(string key) { }
                }
                """;
            var test = VerifyCS.Create(source, fixedSource);
            test.ExpectedDiagnostics.AddRange(new[] { Sap007(0), Sap007(1), Sap007(2, "sk_test_…"), Sap007(3), Sap007(4, "sk_test_…") });
            // Nullable warnings are errors here: a `?? throw` read is never null, so nothing needs a `!`.
            test.SolutionTransforms.Add((solution, projectId) =>
            {
                var options = (CSharpCompilationOptions)solution.GetProject(projectId)!.CompilationOptions!;
                return solution.WithProjectCompilationOptions(projectId, options.WithSpecificDiagnosticOptions(
                    options.SpecificDiagnosticOptions.SetItem("CS8600", ReportDiagnostic.Error).SetItem("CS8603", ReportDiagnostic.Error).SetItem("CS8604", ReportDiagnostic.Error)));
            });
            test.CodeActionEquivalenceKey = RuleIds.HardCodedSecretKey;
            test.NumberOfFixAllIterations = 1;
            test.NumberOfFixAllInDocumentIterations = 1;
            await test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public async Task InvalidOperationException_ThatMeansAnotherType_IsQualified()
        {
            const string source = """
                namespace App
                {
                    class InvalidOperationException : Exception { }

                    class Settings
                    {
                        public string? Api => Environment.GetEnvironmentVariable("SAPERLY_API_KEY") ?? {|#0:"sk_live_FAKE"|};
                    }
                }
                """;
            const string fixedSource = """
                namespace App
                {
                    class InvalidOperationException : Exception { }

                    class Settings
                    {
                        public string? Api => Environment.GetEnvironmentVariable("SAPERLY_API_KEY") ?? throw new System.InvalidOperationException("SAPERLY_API_KEY is not set");
                    }
                }
                """;
            await VerifyCS.VerifyAsync(source, fixedSource, Sap007(0));
        }

        [Fact]
        public async Task NullableWarningsAsErrors_TheReadGetsABang_OtherwiseNot()
        {
            const string source = """
                #nullable enable
                class SaperlyClient { public SaperlyClient(string apiKey) { } }
                class Program
                {
                    SaperlyClient Create() => new SaperlyClient({|#0:"sk_live_FAKE"|});
                }
                """;
            const string fixedSource = """
                #nullable enable
                class SaperlyClient { public SaperlyClient(string apiKey) { } }
                class Program
                {
                    SaperlyClient Create() => new SaperlyClient(Environment.GetEnvironmentVariable("SAPERLY_API_KEY")!);
                }
                """;
            var test = VerifyCS.Create(source, fixedSource);
            test.ExpectedDiagnostics.Add(Sap007(0));
            test.SolutionTransforms.Add((solution, projectId) =>
            {
                var options = (CSharpCompilationOptions)solution.GetProject(projectId)!.CompilationOptions!;
                return solution.WithProjectCompilationOptions(projectId, options.WithSpecificDiagnosticOptions(
                    options.SpecificDiagnosticOptions.SetItem("CS8604", ReportDiagnostic.Error)));
            });
            await test.RunAsync(CancellationToken.None);

            // Warnings are acceptable: without the option the read stays as it is (CS8604 remains a warning).
            const string fixedWithWarning = """
                #nullable enable
                class SaperlyClient { public SaperlyClient(string apiKey) { } }
                class Program
                {
                    SaperlyClient Create() => new SaperlyClient(Environment.GetEnvironmentVariable("SAPERLY_API_KEY"));
                }
                """;
            await VerifyCS.VerifyAsync(source, fixedWithWarning, Sap007(0));
        }

        [Fact]
        public async Task ConstantFallback_InAnotherFile_TheUseThrows_AndTheUnusedConstantGoes()
        {
            const string settings = """
                class Settings(IConfiguration configuration)
                {
                    public string Api => configuration["Saperly:ApiKey"] ?? Defaults.DevKey;
                    public string? Bound => configuration.GetValue("Saperly:ApiKey", Defaults.DevKey);
                    public string Test => Environment.GetEnvironmentVariable("SAPERLY_API_KEY") ?? Defaults.Backup;
                }
                """;
            const string defaults = "static class Defaults\r\n{\r\n    // The key we develop with.\r\n    public const string DevKey = {|#0:\"sk_live_FAKE\"|}; // rotate me\r\n    public const string Region = \"eu\", Backup = {|#1:\"sk_test_FAKE\"|}, Zone = \"a\";\r\n}\r\n";
            const string fixedSettings = """
                class Settings(IConfiguration configuration)
                {
                    public string Api => configuration["Saperly:ApiKey"] ?? throw new InvalidOperationException("Saperly:ApiKey is not set");
                    public string? Bound => configuration.GetValue<string>("Saperly:ApiKey") ?? throw new InvalidOperationException("Saperly:ApiKey is not set");
                    public string Test => Environment.GetEnvironmentVariable("SAPERLY_API_KEY") ?? throw new InvalidOperationException("SAPERLY_API_KEY is not set");
                }
                """;
            const string fixedDefaults = "static class Defaults\r\n{\r\n    public const string Region = \"eu\", Zone = \"a\";\r\n}\r\n";
            var test = VerifyCS.Create(settings, fixedSettings);
            test.TestState.Sources.Add(("/0/Defaults.cs", defaults));
            test.FixedState.Sources.Add(("/0/Defaults.cs", fixedDefaults));
            test.ExpectedDiagnostics.AddRange(new[] { Sap007(0), Sap007(1, "sk_test_…") });
            test.CodeActionEquivalenceKey = RuleIds.HardCodedSecretKey;
            test.NumberOfFixAllIterations = 1;
            test.NumberOfFixAllInDocumentIterations = 1;
            await test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public async Task ConstantFallback_LocalConstant_AndReadonlyField_AreRemoved_WithTheirLines()
        {
            const string source = """
                class SaperlyJob
                {
                    private readonly string _apiKey = {|#0:"sk_live_FAKE"|};

                    public string Key => Environment.GetEnvironmentVariable("SAPERLY_API_KEY") ?? _apiKey;

                    public string Run()
                    {
                        #region dev
                        const string admin = {|#1:"sk_svc_test_FAKE"|};
                        #endregion
                        return Environment.GetEnvironmentVariable("SAPERLY_SERVICE_KEY") ?? admin;
                    }
                }
                """;
            const string fixedSource = """
                class SaperlyJob
                {

                    public string Key => Environment.GetEnvironmentVariable("SAPERLY_API_KEY") ?? throw new InvalidOperationException("SAPERLY_API_KEY is not set");

                    public string Run()
                    {
                        #region dev
                        #endregion
                        return Environment.GetEnvironmentVariable("SAPERLY_SERVICE_KEY") ?? throw new InvalidOperationException("SAPERLY_SERVICE_KEY is not set");
                    }
                }
                """;
            await VerifyCS.VerifyAsync(source, fixedSource, Sap007(0), Sap007(1, "sk_svc_test_…", "SAPERLY_SERVICE_KEY"));
        }

        [Fact]
        public async Task ConstantFallback_UsedElsewhereToo_TheUseThrows_AndTheConstantIsReadFromTheEnvironment()
        {
            const string source = """
                static class Defaults
                {
                    public const string DevKey = {|#0:"sk_test_FAKE"|};
                    public static readonly string AdminKey = {|#1:"sk_svc_test_FAKE"|};
                    public static string Describe() => DevKey.Length + AdminKey;
                }

                class Settings
                {
                    public string Api => Environment.GetEnvironmentVariable("SAPERLY_API_KEY") ?? Defaults.DevKey;
                    public string Admin => Environment.GetEnvironmentVariable("SAPERLY_SERVICE_KEY") ?? (Defaults.AdminKey);
                }
                """;
            const string fixedSource = """
                static class Defaults
                {
                    public static readonly string DevKey = Environment.GetEnvironmentVariable("SAPERLY_API_KEY");
                    public static readonly string AdminKey = Environment.GetEnvironmentVariable("SAPERLY_SERVICE_KEY");
                    public static string Describe() => DevKey.Length + AdminKey;
                }

                class Settings
                {
                    public string Api => Environment.GetEnvironmentVariable("SAPERLY_API_KEY") ?? throw new InvalidOperationException("SAPERLY_API_KEY is not set");
                    public string Admin => Environment.GetEnvironmentVariable("SAPERLY_SERVICE_KEY") ?? throw new InvalidOperationException("SAPERLY_SERVICE_KEY is not set");
                }
                """;
            await VerifyCS.VerifyAsync(source, fixedSource, Sap007(0, "sk_test_…"), Sap007(1, "sk_svc_test_…", "SAPERLY_SERVICE_KEY"));
        }

        [Fact]
        public async Task ConstantFallback_AlsoUsedInAnAttribute_IsNotFixed()
        {
            const string source = """
                class KeyAttribute(string value) : Attribute { }

                static class Defaults
                {
                    public const string DevKey = {|#0:"sk_live_FAKE"|};
                }

                [Key(Defaults.DevKey)]
                class Settings
                {
                    public string Api => Environment.GetEnvironmentVariable("SAPERLY_API_KEY") ?? Defaults.DevKey;
                }
                """;
            await VerifyCS.VerifyAsync(source, source, Sap007(0));
        }

        [Fact]
        public async Task OptionsDefault_IsRemoved_PropertyInitAndField_TriviaStays()
        {
            const string source = """
                class SaperlyOptions
                {
                    public string? ApiKey { get; set; } = {|#0:"sk_live_FAKE"|}; // dev
                    public string ServiceKey { get; init; } = {|#1:"sk_svc_test_FAKE"|};
                    public string SecretKey = {|#2:"sk_test_FAKE"|}, BaseUrl = "https://saperly.com/api/";
                }
                """;
            const string fixedSource = """
                class SaperlyOptions
                {
                    public string? ApiKey { get; set; } // dev
                    public string ServiceKey { get; init; }
                    public string SecretKey, BaseUrl = "https://saperly.com/api/";
                }
                """;
            var test = VerifyCS.Create(source, fixedSource);
            test.ExpectedDiagnostics.AddRange(new[] { Sap007(0), Sap007(1, "sk_svc_test_…", "SAPERLY_SERVICE_KEY"), Sap007(2, "sk_test_…") });
            test.CodeActionEquivalenceKey = RuleIds.HardCodedSecretKey;
            test.NumberOfFixAllIterations = 1;
            test.NumberOfFixAllInDocumentIterations = 1;
            await test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public async Task OptionsDefault_WhenUninitializedIsAnError_BecomesNullForgiven()
        {
            const string source = """
                #nullable enable
                class TelephonyOptions
                {
                    public string ApiKey { get; set; } = {|#0:"sk_live_FAKE"|};
                }

                static class Startup
                {
                    public static void Register(IServiceCollection services, IConfiguration config) =>
                        services.Configure<TelephonyOptions>(config.GetSection("Saperly"));
                }
                """;
            const string fixedSource = """
                #nullable enable
                class TelephonyOptions
                {
                    public string ApiKey { get; set; } = null!;
                }

                static class Startup
                {
                    public static void Register(IServiceCollection services, IConfiguration config) =>
                        services.Configure<TelephonyOptions>(config.GetSection("Saperly"));
                }
                """;
            var test = VerifyCS.Create(source, fixedSource);
            test.ExpectedDiagnostics.Add(Sap007(0));
            test.SolutionTransforms.Add((solution, projectId) =>
            {
                var options = (CSharpCompilationOptions)solution.GetProject(projectId)!.CompilationOptions!;
                return solution.WithProjectCompilationOptions(projectId, options.WithSpecificDiagnosticOptions(
                    options.SpecificDiagnosticOptions.SetItem("CS8618", ReportDiagnostic.Error)));
            });
            await test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public async Task FixAll_AcrossFiles_TwoFallbacksOfOneConstant_AndADirectOne()
        {
            const string settings = """
                class Settings(IConfiguration configuration)
                {
                    public string Api => configuration["Saperly:ApiKey"] ?? Defaults.DevKey;
                    public string Env => Environment.GetEnvironmentVariable("SAPERLY_API_KEY") ?? Defaults.DevKey;
                    public string Admin => Environment.GetEnvironmentVariable("SAPERLY_SERVICE_KEY") ?? {|#1:"sk_svc_live_FAKE"|};
                }
                """;
            const string defaults = """
                static class Defaults
                {
                    public const string DevKey = {|#0:"sk_test_FAKE"|}, OtherKey = {|#2:"sk_live_FAKE"|};
                }

                class Worker
                {
                    public string Key => Environment.GetEnvironmentVariable("SAPERLY_API_KEY") ?? Defaults.OtherKey;
                }
                """;
            const string fixedSettings = """
                class Settings(IConfiguration configuration)
                {
                    public string Api => configuration["Saperly:ApiKey"] ?? throw new InvalidOperationException("Saperly:ApiKey is not set");
                    public string Env => Environment.GetEnvironmentVariable("SAPERLY_API_KEY") ?? throw new InvalidOperationException("SAPERLY_API_KEY is not set");
                    public string Admin => Environment.GetEnvironmentVariable("SAPERLY_SERVICE_KEY") ?? throw new InvalidOperationException("SAPERLY_SERVICE_KEY is not set");
                }
                """;
            const string fixedDefaults = """
                static class Defaults
                {
                }

                class Worker
                {
                    public string Key => Environment.GetEnvironmentVariable("SAPERLY_API_KEY") ?? throw new InvalidOperationException("SAPERLY_API_KEY is not set");
                }
                """;
            var test = VerifyCS.Create(settings, fixedSettings);
            test.TestState.Sources.Add(("/0/Defaults.cs", defaults));
            test.FixedState.Sources.Add(("/0/Defaults.cs", fixedDefaults));
            test.ExpectedDiagnostics.AddRange(new[] { Sap007(0, "sk_test_…"), Sap007(1, "sk_svc_live_…", "SAPERLY_SERVICE_KEY"), Sap007(2) });
            test.CodeActionEquivalenceKey = RuleIds.HardCodedSecretKey;
            test.NumberOfFixAllIterations = 1;
            // In one document, Fix All takes the keys of that document (and the uses of its constants elsewhere); the other
            // document's own key is a second round.
            test.NumberOfFixAllInDocumentIterations = 2;
            test.NumberOfIncrementalIterations = 3;
            await test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public async Task FixAll_InDocument_TwoKeysInOneConstDeclaration_AndCrlfStays()
        {
            var source = """
                class SaperlyJob
                {
                    private const string Agent = {|#0:"sk_live_FAKE"|}, Admin = {|#1:"sk_svc_live_FAKE"|};

                    async Task Run(string id)
                    {
                        var http = new HttpClient { BaseAddress = new Uri("https://saperly.com/api/") };
                        http.DefaultRequestHeaders.Authorization = new("Bearer", Agent);
                        await http.GetAsync("v1/calls");
                        var admin = new HttpClient { BaseAddress = new Uri("https://saperly.com/api/") };
                        admin.DefaultRequestHeaders.Authorization = new("Bearer", Admin);
                        await admin.DeleteAsync($"v1/keys/{id}");
                        var fallback = Environment.GetEnvironmentVariable("SAPERLY_API_KEY") ?? {|#2:"sk_test_FAKE"|};
                    }
                }
                """.ReplaceLineEndings("\r\n");
            var fixedSource = """
                class SaperlyJob
                {
                    private static readonly string Agent = Environment.GetEnvironmentVariable("SAPERLY_API_KEY"), Admin = Environment.GetEnvironmentVariable("SAPERLY_SERVICE_KEY");

                    async Task Run(string id)
                    {
                        var http = new HttpClient { BaseAddress = new Uri("https://saperly.com/api/") };
                        http.DefaultRequestHeaders.Authorization = new("Bearer", Agent);
                        await http.GetAsync("v1/calls");
                        var admin = new HttpClient { BaseAddress = new Uri("https://saperly.com/api/") };
                        admin.DefaultRequestHeaders.Authorization = new("Bearer", Admin);
                        await admin.DeleteAsync($"v1/keys/{id}");
                        var fallback = Environment.GetEnvironmentVariable("SAPERLY_API_KEY") ?? throw new InvalidOperationException("SAPERLY_API_KEY is not set");
                    }
                }
                """.ReplaceLineEndings("\r\n");
            Assert.Contains("\r\n", fixedSource);
            var test = VerifyCS.Create(source, fixedSource);
            test.ExpectedDiagnostics.AddRange(new[] { Sap007(0), Sap007(1, "sk_svc_live_…", "SAPERLY_SERVICE_KEY"), Sap007(2, "sk_test_…") });
            test.CodeActionEquivalenceKey = RuleIds.HardCodedSecretKey;
            test.NumberOfFixAllIterations = 1;
            test.NumberOfFixAllInDocumentIterations = 1;
            test.NumberOfIncrementalIterations = 3;
            await test.RunAsync(CancellationToken.None);
        }
    }
}
