using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Saperly.Migration.Analyzers.Rules;
using VerifyCS = Saperly.Migration.Tests.Verifiers.AnalyzerVerifier<Saperly.Migration.Analyzers.Rules.HardCodedSecretKeyAnalyzer>;

namespace Saperly.Migration.Tests
{
    /// <summary>Every key in these sources is an obviously fake value.</summary>
    public class SAP007_HardCodedSecretKeyTests
    {
        private static DiagnosticResult Sap007(int location, string prefix, string secret) =>
            VerifyCS.Diagnostic(RuleIds.HardCodedSecretKey).WithLocation(location).WithArguments(prefix, secret);

        [Fact]
        public async Task KeyInTheAuthorizationOfASaperlyRequest_IsReported_WithItsPrefixOnly()
        {
            const string source = """
                class C
                {
                    async Task Run(string id)
                    {
                        var http = new HttpClient { BaseAddress = new Uri("https://saperly.com/api/") };
                        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", {|#0:"sk_live_FAKE_FAKE_FAKE"|});
                        await http.GetAsync("v1/lines");

                        var admin = new HttpClient { BaseAddress = new Uri("https://saperly.com/api/") };
                        admin.DefaultRequestHeaders.Add("Authorization", {|#1:"Bearer sk_svc_test_FAKE_FAKE"|});
                        await admin.DeleteAsync($"v1/keys/{id}");

                        using var request = new HttpRequestMessage(HttpMethod.Post, "https://saperly.com/api/v1/messages");
                        request.Headers.Authorization = new("Bearer", {|#2:"sk_test_FAKE_FAKE_FAKE"|});
                        await http.SendAsync(request);
                    }
                }
                """;
            await VerifyCS.VerifyAsync(source,
                Sap007(0, "sk_live_…", "SAPERLY_API_KEY"),
                Sap007(1, "sk_svc_test_…", "SAPERLY_SERVICE_KEY"),
                Sap007(2, "sk_test_…", "SAPERLY_API_KEY"));
        }

        [Fact]
        public async Task OneConstantUsedBySeveralCalls_IsReportedOnce_OnTheLiteral()
        {
            const string source = """
                static class Keys
                {
                    public const string Agent = {|#0:"sk_live_FAKE_FAKE_FAKE"|};
                }

                class SaperlyCalls
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    async Task Run()
                    {
                        using var a = new HttpRequestMessage(HttpMethod.Get, "v1/calls");
                        a.Headers.Authorization = new("Bearer", Keys.Agent);
                        await _http.SendAsync(a);
                        using var b = new HttpRequestMessage(HttpMethod.Get, "v1/lines");
                        b.Headers.Authorization = new("Bearer", Keys.Agent);
                        await _http.SendAsync(b);
                    }
                }
                """;
            await VerifyCS.VerifyAsync(source, Sap007(0, "sk_live_…", "SAPERLY_API_KEY"));
        }

        [Fact]
        public async Task SdkStyleClientConstruction_ArgumentOrOptionsValue_IsReported()
        {
            const string source = """
                class SaperlyClientOptions { public string? ApiKey { get; set; } public string? BaseUrl { get; set; } }
                class SaperlyClient
                {
                    public SaperlyClient(string apiKey) { }
                    public SaperlyClient(SaperlyClientOptions options) { }
                    public SaperlyClient() { }
                    public string? ServiceKey { get; set; }
                }

                class Program
                {
                    void Run()
                    {
                        var svc = new SaperlyClient({|#0:"sk_svc_live_FAKE_FAKE"|});
                        var agent = new SaperlyClient(new SaperlyClientOptions { ApiKey = {|#1:"sk_test_FAKE_FAKE"|}, BaseUrl = "https://saperly.com" });
                        var admin = new SaperlyClient { ServiceKey = {|#2:"sk_svc_test_FAKE_FAKE"|} };
                    }
                }
                """;
            await VerifyCS.VerifyAsync(source,
                Sap007(0, "sk_svc_live_…", "SAPERLY_SERVICE_KEY"),
                Sap007(1, "sk_test_…", "SAPERLY_API_KEY"),
                Sap007(2, "sk_svc_test_…", "SAPERLY_SERVICE_KEY"));
        }

        [Fact]
        public async Task FallbackOfASaperlySecretRead_IsReported()
        {
            const string source = """
                class Settings(IConfiguration config)
                {
                    public string Api => Environment.GetEnvironmentVariable("SAPERLY_API_KEY") ?? {|#0:"sk_live_FAKE_FAKE"|};
                    public string Service => config["Saperly:ServiceKey"] ?? {|#1:"sk_svc_live_FAKE_FAKE"|};
                    public string? Bound => config.GetValue<string>("Saperly:ApiKey", {|#2:"sk_test_FAKE_FAKE"|});
                    public string Sectioned => config.GetSection("Saperly")["ApiKey"] ?? ({|#3:"sk_test_FAKE_FAKE"|});
                }
                """;
            await VerifyCS.VerifyAsync(source,
                Sap007(0, "sk_live_…", "SAPERLY_API_KEY"),
                Sap007(1, "sk_svc_live_…", "SAPERLY_SERVICE_KEY"),
                Sap007(2, "sk_test_…", "SAPERLY_API_KEY"),
                Sap007(3, "sk_test_…", "SAPERLY_API_KEY"));
        }

        [Fact]
        public async Task ConstantFallback_DeclaredInAnotherFile_IsReportedOnce_OnTheLiteral()
        {
            const string defaults = """
                static class Defaults
                {
                    public const string DevKey = {|#0:"sk_live_FAKE_FAKE"|};
                    public static readonly string AdminKey = {|#1:"sk_svc_test_FAKE_FAKE"|};
                    public const string Unused = "sk_test_FAKE_FAKE";
                }
                """;
            const string settings = """
                class Settings(IConfiguration configuration)
                {
                    private const string Local = "x";
                    public string Api => configuration["Saperly:ApiKey"] ?? Defaults.DevKey;
                    public string Again => configuration.GetValue("Saperly:ApiKey", Defaults.DevKey);
                    public string Admin => Environment.GetEnvironmentVariable("SAPERLY_SERVICE_KEY") ?? (Defaults.AdminKey);
                }
                """;
            await VerifyCS.VerifyAsync(new[] { defaults, settings }, null,
                Sap007(0, "sk_live_…", "SAPERLY_API_KEY"),
                Sap007(1, "sk_svc_test_…", "SAPERLY_SERVICE_KEY"));
        }

        [Fact]
        public async Task ConstantFallback_OfAnotherVendorsRead_OrANonKeyConstant_IsQuiet()
        {
            const string source = """
                static class Defaults
                {
                    public const string StripeKey = "sk_live_51HxQzLkT9v2mNpQrStUvWxYz";
                    public const string Placeholder = "changeme";
                    public const string Empty = "";
                }

                class Settings(IConfiguration configuration)
                {
                    public string? Stripe => Environment.GetEnvironmentVariable("STRIPE_API_KEY") ?? Defaults.StripeKey;
                    public string? StripeConfig => configuration["Stripe:ApiKey"] ?? Defaults.StripeKey;
                    public string Api => Environment.GetEnvironmentVariable("SAPERLY_API_KEY") ?? Defaults.Placeholder;
                    public string Bound => configuration.GetValue("Saperly:ApiKey", Defaults.Empty)!;
                    public string Label => Environment.GetEnvironmentVariable("SAPERLY_LABEL") ?? Defaults.StripeKey;
                }
                """;
            await VerifyCS.VerifyAsync(source);
        }

        [Fact]
        public async Task SaperlyReadsFallback_IsReported_EvenWhenItLooksLikeAStripeKey()
        {
            const string source = """
                class Settings(IConfiguration config)
                {
                    public string Api => Environment.GetEnvironmentVariable("SAPERLY_API_KEY") ?? {|#0:"sk_live_51HxQzLkT9v2mNpQrStUvWxYzAbCdEf"|};
                    public string Bound => config["Saperly:ApiKey"] ?? {|#1:"sk_test_4eC39HqLyjWDarjtT1zdp7dc"|};
                    public string Stripe => Environment.GetEnvironmentVariable("STRIPE_API_KEY") ?? "sk_live_51HxQzLkT9v2mNpQrStUvWxYzAbCdEf";
                }
                """;
            await VerifyCS.VerifyAsync(source,
                Sap007(0, "sk_live_…", "SAPERLY_API_KEY"),
                Sap007(1, "sk_test_…", "SAPERLY_API_KEY"));
        }

        [Fact]
        public async Task OptionsDefault_OfASaperlyOptionsClass_IsReported()
        {
            const string source = """
                class SaperlyOptions
                {
                    public string ApiKey { get; set; } = {|#0:"sk_live_FAKE_FAKE"|};
                    public string BaseUrl { get; set; } = "https://saperly.com/api/";
                }

                class SaperlyAdminSettings
                {
                    public string ServiceKey { get; init; } = {|#1:"sk_svc_live_FAKE_FAKE"|};
                }

                class AppSettings
                {
                    public string SaperlyApiKey = {|#2:"sk_test_FAKE_FAKE"|};
                    public string? Other { get; set; } = "sk_live_FAKE_FAKE";
                }

                class KeyRotationOptions
                {
                    public string ServiceKey { get; set; } = {|#3:"sk_svc_test_FAKE_FAKE"|};
                }
                """;
            await VerifyCS.VerifyAsync(source,
                Sap007(0, "sk_live_…", "SAPERLY_API_KEY"),
                Sap007(1, "sk_svc_live_…", "SAPERLY_SERVICE_KEY"),
                Sap007(2, "sk_test_…", "SAPERLY_API_KEY"),
                Sap007(3, "sk_svc_test_…", "SAPERLY_SERVICE_KEY"));
        }

        [Fact]
        public async Task OptionsDefault_OfAClassBoundToSaperlyConfiguration_IsReported()
        {
            const string options = """
                class TelephonyOptions { public string ApiKey { get; set; } = {|#0:"sk_live_FAKE_FAKE"|}; }
                class VoiceOptions { public string Key { get; set; } = {|#1:"sk_test_FAKE_FAKE"|}; }
                class AgentOptions { public string Token { get; set; } = {|#2:"sk_live_FAKE_FAKE"|}; }
                class ReaderOptions { public string ApiKey { get; set; } = {|#3:"sk_test_FAKE_FAKE"|}; }
                """;
            const string startup = """
                static class Startup
                {
                    public static void Register(IServiceCollection services, IConfiguration config)
                    {
                        services.Configure<TelephonyOptions>(config.GetSection("Saperly"));
                        services.AddOptions<VoiceOptions>().BindConfiguration("Saperly:Voice");
                        services.AddOptions<AgentOptions>().Bind(config.GetSection("Integrations").GetSection("Saperly"));
                        var reader = config.GetSection("Saperly").Get<ReaderOptions>();
                    }
                }
                """;
            await VerifyCS.VerifyAsync(new[] { options, startup }, null,
                Sap007(0, "sk_live_…", "SAPERLY_API_KEY"),
                Sap007(1, "sk_test_…", "SAPERLY_API_KEY"),
                Sap007(2, "sk_live_…", "SAPERLY_API_KEY"),
                Sap007(3, "sk_test_…", "SAPERLY_API_KEY"));
        }

        [Fact]
        public async Task OptionsDefaults_ThatAreNotSaperlys_AreQuiet()
        {
            const string source = """
                class StripeOptions { public string ApiKey { get; set; } = "sk_live_51HxQzLkT9v2mNpQrStUvWxYz"; }
                class PaymentOptions { public string ApiKey { get; set; } = "sk_test_FAKE_FAKE"; }
                class BillingOptions { public string SecretKey { get; init; } = "sk_live_FAKE_FAKE"; }
                class SaperlyOptions
                {
                    public string StripeApiKey { get; set; } = "sk_live_FAKE_FAKE";
                    public string KeyPrefix { get; set; } = "sk_live_FAKE";
                    public string ApiKey { get; set; } = "sk_live_";
                    public const string Example = "sk_test_FAKE_FAKE";
                    public static string Shared { get; set; } = "sk_test_FAKE_FAKE";
                }

                static class Startup
                {
                    public static void Register(IServiceCollection services, IConfiguration config)
                    {
                        services.Configure<StripeOptions>(config.GetSection("Stripe"));
                        services.AddOptions<PaymentOptions>().BindConfiguration("Payments");
                        services.Configure<BillingOptions>(config);
                        services.AddOptions<SaperlyOptions>().BindConfiguration("Saperly");
                        var saperly = new HttpClient { BaseAddress = new Uri("https://saperly.com/api/") };
                    }
                }
                """;
            await VerifyCS.VerifyAsync(source);
        }

        [Fact]
        public async Task NewForms_InGeneratedCode_AreIgnored()
        {
            const string generated = """
                // <auto-generated/>
                class SaperlyGeneratedOptions { public string ApiKey { get; set; } = "sk_live_FAKE_FAKE"; }
                static class GeneratedDefaults { public const string DevKey = "sk_test_FAKE_FAKE"; }
                static class GeneratedSettings
                {
                    public static string Api => Environment.GetEnvironmentVariable("SAPERLY_API_KEY") ?? HandWritten.Key;
                }
                """;
            const string handWritten = """
                static class HandWritten { public const string Key = "sk_live_FAKE_FAKE"; }
                class Settings
                {
                    public string Api => Environment.GetEnvironmentVariable("SAPERLY_API_KEY") ?? GeneratedDefaults.DevKey;
                }
                """;
            await VerifyCS.VerifyAsync(new[] { generated, handWritten }, null);
        }

        [Fact]
        public async Task KeysSpelledThroughAnEscape_AreStillReported()
        {
            // No plain "sk_" in the file: the per-file text filter must let escaped literals through.
            const string source = """
                class Settings
                {
                    public string Api => Environment.GetEnvironmentVariable("SAPERLY_API_KEY") ?? {|#0:"\u0073k_live_FAKE_FAKE"|};
                }
                """;
            await VerifyCS.VerifyAsync(source, Sap007(0, "sk_live_…", "SAPERLY_API_KEY"));
        }

        [Fact]
        public async Task StripeKeys_ThatOnlyReachStripe_AreQuiet()
        {
            const string source = """
                class StripeClient { public StripeClient(string apiKey) { } }
                class StripeClientOptions { public string? ApiKey { get; set; } }

                class Billing(IConfiguration config)
                {
                    async Task Charge()
                    {
                        var stripe = new HttpClient { BaseAddress = new Uri("https://api.stripe.com/") };
                        stripe.DefaultRequestHeaders.Authorization = new("Bearer", "sk_live_FAKE_FAKE_FAKE");
                        await stripe.PostAsync("v1/charges", null);
                        await stripe.PostAsync("v1/messages", null);

                        var client = new StripeClient("sk_test_FAKE_FAKE");
                        var options = new StripeClientOptions { ApiKey = "sk_live_FAKE_FAKE" };
                        var key = Environment.GetEnvironmentVariable("STRIPE_API_KEY") ?? "sk_live_FAKE_FAKE";
                        var bound = config["Stripe:ApiKey"] ?? "sk_test_FAKE_FAKE";

                        // The same assembly talks to Saperly, with a key read from the environment.
                        var saperly = new HttpClient { BaseAddress = new Uri("https://saperly.com/api/") };
                        saperly.DefaultRequestHeaders.Authorization = new("Bearer", Environment.GetEnvironmentVariable("SAPERLY_API_KEY"));
                        await saperly.GetAsync("v1/calls");
                    }
                }
                """;
            await VerifyCS.VerifyAsync(source);
        }

        [Fact]
        public async Task KeyShapedStrings_ThatReachNoCredential_AreQuiet()
        {
            const string source = """
                class SaperlyKeyInspector
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    public bool IsLive(string key) => key.StartsWith("sk_live_") || key.StartsWith("sk_svc_live_");

                    public async Task Describe(string key)
                    {
                        Console.WriteLine("Test keys start with sk_test_");
                        var example = "sk_test_FAKE_FAKE";   // documentation sample, never sent
                        _http.DefaultRequestHeaders.Authorization = new("Bearer", key);
                        await _http.GetAsync("v1/lines");
                        if (key == "sk_svc_test_FAKE") { }
                    }
                }
                """;
            await VerifyCS.VerifyAsync(source);
        }

        [Fact]
        public async Task SaperlyNamedType_WithAnotherVendorsKeyParameter_IsQuiet()
        {
            const string source = """
                class SaperlyBillingBridge
                {
                    public SaperlyBillingBridge(string stripeKey, string accountName) { }
                    public string? StripeApiKey { get; set; }
                    public string? Label { get; set; }
                }

                class Program
                {
                    void Run()
                    {
                        var bridge = new SaperlyBillingBridge("sk_live_FAKE_FAKE", "sk_test_FAKE_account");
                        var other = new SaperlyBillingBridge("a", "b") { StripeApiKey = "sk_live_FAKE_FAKE", Label = "sk_test_FAKE" };
                        var fallback = Environment.GetEnvironmentVariable("SAPERLY_BASE_URL") ?? "sk_live_FAKE_FAKE";
                    }
                }
                """;
            await VerifyCS.VerifyAsync(source);
        }

        [Fact]
        public async Task CompilationThatNeverMentionsSaperly_IsQuiet()
        {
            const string source = """
                class Payments
                {
                    async Task Run()
                    {
                        var http = new HttpClient();
                        http.DefaultRequestHeaders.Authorization = new("Bearer", "sk_live_FAKE_FAKE");
                        await http.PostAsync("https://payments.example/charges", null);
                    }
                }
                """;
            await VerifyCS.VerifyAsync(source);
        }

        [Fact]
        public async Task DiagnosticText_AndProperties_NeverCarryTheKey()
        {
            const string source = """
                class SaperlyJob
                {
                    async Task Run()
                    {
                        var http = new HttpClient { BaseAddress = new Uri("https://saperly.com/api/") };
                        http.DefaultRequestHeaders.Add("Authorization", "Bearer sk_live_SECRETPART123");
                        await http.GetAsync("v1/calls");
                        var fallback = Environment.GetEnvironmentVariable("SAPERLY_SERVICE_KEY") ?? "sk_svc_live_SECRETPART456";
                    }
                }
                """;
            var references = Verifiers.TestReferences.Net80;
            var compilation = CSharpCompilation.Create("t",
                new[] { CSharpSyntaxTree.ParseText(source), CSharpSyntaxTree.ParseText(Verifiers.TestReferences.GlobalUsings) },
                references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
            var diagnostics = await compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new HardCodedSecretKeyAnalyzer())).GetAnalyzerDiagnosticsAsync();
            Assert.Equal(2, diagnostics.Length);
            foreach (var diagnostic in diagnostics)
            {
                var text = diagnostic.GetMessage() + string.Join("|", diagnostic.Properties.Select(p => p.Key + "=" + p.Value));
                Assert.DoesNotContain("SECRETPART", text);
            }
        }

        [Fact]
        public async Task ConstantFallback_CarriesItsUses_AsAdditionalLocations_WithTheReadsTheyStandBehind()
        {
            const string defaults = """
                static class Defaults { public const string DevKey = "sk_live_SECRETPART789"; }
                """;
            const string settings = """
                class Settings(IConfiguration configuration)
                {
                    public string Api => configuration["Saperly:ApiKey"] ?? Defaults.DevKey;
                    public string Env => Environment.GetEnvironmentVariable("SAPERLY_API_KEY") ?? Defaults.DevKey;
                }
                """;
            var compilation = CSharpCompilation.Create("t",
                new[] { CSharpSyntaxTree.ParseText(defaults, path: "Defaults.cs"), CSharpSyntaxTree.ParseText(settings, path: "Settings.cs"), CSharpSyntaxTree.ParseText(Verifiers.TestReferences.GlobalUsings) },
                Verifiers.TestReferences.Net80, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
            var diagnostics = await compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new HardCodedSecretKeyAnalyzer())).GetAnalyzerDiagnosticsAsync();
            var diagnostic = Assert.Single(diagnostics);
            Assert.Equal("Defaults.cs", diagnostic.Location.SourceTree!.FilePath);
            Assert.Equal(new[] { "Defaults.DevKey", "Defaults.DevKey" }, diagnostic.AdditionalLocations.Select(l => l.SourceTree!.GetText().ToString(l.SourceSpan)));
            Assert.All(diagnostic.AdditionalLocations, l => Assert.Equal("Settings.cs", l.SourceTree!.FilePath));
            Assert.Equal(nameof(KeyReach.FallbackConstant), diagnostic.Properties[HardCodedSecretKeyAnalyzer.ReachProperty]);
            Assert.Equal("Saperly:ApiKey", diagnostic.Properties[HardCodedSecretKeyAnalyzer.ReadProperty + "0"]);
            Assert.Equal("SAPERLY_API_KEY", diagnostic.Properties[HardCodedSecretKeyAnalyzer.ReadProperty + "1"]);
            Assert.DoesNotContain("SECRETPART", diagnostic.GetMessage() + string.Join("|", diagnostic.Properties.Select(p => p.Key + "=" + p.Value)));
        }

        [Fact]
        public async Task BrokenCode_DoesNotThrow()
        {
            const string source = """
                class SaperlyJob
                {
                    async Task Run()
                    {
                        var http = new HttpClient { BaseAddress = new Uri(
                        http.DefaultRequestHeaders.Authorization = new("Bearer", "sk_live_FAKE"
                        var c = new SaperlyClient("sk_svc_live_FAKE");
                        var d = missing ?? "sk_live_FAKE";
                        var e = Environment.GetEnvironmentVariable() ?? "sk_test_FAKE";
                        var f = new { ApiKey = "sk_svc_test_FAKE" };
                        await http.GetAsync("v1/calls"
                    }
                }
                """;
            var test = Verifiers.TestReferences.Use(new Microsoft.CodeAnalysis.CSharp.Testing.CSharpAnalyzerTest<HardCodedSecretKeyAnalyzer, DefaultVerifier>
            {
                CompilerDiagnostics = CompilerDiagnostics.None,
            });
            test.TestState.Sources.Add(source);
            test.TestState.Sources.Add(Verifiers.TestReferences.GlobalUsings);
            await test.RunAsync();
        }

        [Fact]
        public async Task GeneratedCode_IsIgnored()
        {
            const string source = """
                // <auto-generated/>
                class SaperlyGenerated
                {
                    async Task Run()
                    {
                        var http = new HttpClient { BaseAddress = new Uri("https://saperly.com/api/") };
                        http.DefaultRequestHeaders.Authorization = new("Bearer", "sk_live_FAKE_FAKE");
                        await http.GetAsync("v1/calls");
                        var fallback = Environment.GetEnvironmentVariable("SAPERLY_API_KEY") ?? "sk_test_FAKE";
                    }
                }
                """;
            await VerifyCS.VerifyAsync(source);
        }
    }
}
