using System;
using System.Collections.Generic;

namespace Saperly.Migration.StandIn
{
    /// <summary>What the stand-in accepts and how strict its limits are.</summary>
    public sealed class StandInOptions
    {
        /// <summary>The API key accepted when <see cref="ApiKeys"/> is not set.</summary>
        public const string DefaultApiKey = "sk_test_standin_api_key_00000001";

        /// <summary>The service key accepted when <see cref="ServiceKeys"/> is not set.</summary>
        public const string DefaultServiceKey = "sk_svc_test_standin_service_key_00000001";

        /// <summary>Regular API keys (<c>sk_live_</c>/<c>sk_test_</c>) the account holds, minted in the portal.</summary>
        public IReadOnlyCollection<string> ApiKeys { get; init; } = new[] { DefaultApiKey };

        /// <summary>Service keys (<c>sk_svc_live_</c>/<c>sk_svc_test_</c>) the account holds, minted in the portal.</summary>
        public IReadOnlyCollection<string> ServiceKeys { get; init; } = new[] { DefaultServiceKey };

        /// <summary>How long an Idempotency-Key is remembered (the contract says 24 h).</summary>
        public TimeSpan IdempotencyWindow { get; init; } = TimeSpan.FromHours(24);

        /// <summary>Mints per service key per hour (the contract says 60).</summary>
        public int MintsPerHour { get; init; } = 60;

        /// <summary>Rotations per service key per hour (the contract says 30).</summary>
        public int RotationsPerHour { get; init; } = 30;

        /// <summary>
        /// Time a mint or rotate spends "running" after it has claimed its Idempotency-Key, so a test can
        /// observe <c>idempotency_in_progress</c>. Zero by default.
        /// </summary>
        public TimeSpan KeyOperationDelay { get; init; } = TimeSpan.Zero;

        /// <summary>The clock, replaceable so a test can step past the idempotency window or the rate-limit hour.</summary>
        public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
    }
}
