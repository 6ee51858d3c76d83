namespace Saperly.Migration.StandIn
{
    /// <summary>
    /// The error codes the stand-in answers with, in <c>{"error":{"code":"...","message":"..."}}</c>.
    /// Codes marked "contract" are documented by Saperly; the others are the stand-in's choice where the
    /// contract names only the status, and are listed in this folder's README.
    /// </summary>
    public static class ErrorCodes
    {
        /// <summary>401, contract: no, malformed, unknown or revoked key; or a service key on a data-plane path.</summary>
        public const string InvalidApiKey = "invalid_api_key";

        /// <summary>403, stand-in's choice: a regular API key on a <c>/v1/keys</c> endpoint.</summary>
        public const string ServiceKeyRequired = "service_key_required";

        /// <summary>400, contract: mint or rotate without an Idempotency-Key.</summary>
        public const string MissingIdempotencyKey = "missing_idempotency_key";

        /// <summary>409, contract: one Idempotency-Key reused with another request body within the window.</summary>
        public const string IdempotencyKeyReused = "idempotency_key_reused";

        /// <summary>409, contract: a request is still running under the same Idempotency-Key.</summary>
        public const string IdempotencyInProgress = "idempotency_in_progress";

        /// <summary>422, stand-in's choice: <c>permissions</c> not one of full, call_only, sms_only, read_only.</summary>
        public const string InvalidPermissions = "invalid_permissions";

        /// <summary>422, stand-in's choice: a mint asks for the other environment than its service key's (live vs test).</summary>
        public const string EnvironmentMismatch = "environment_mismatch";

        /// <summary>422, stand-in's choice: a missing or ill-typed field.</summary>
        public const string InvalidRequest = "invalid_request";

        /// <summary>400, stand-in's choice: the body is not a JSON object.</summary>
        public const string InvalidJson = "invalid_json";

        /// <summary>404, stand-in's choice: no such key (or one of the other environment).</summary>
        public const string KeyNotFound = "key_not_found";

        /// <summary>409, stand-in's choice: update or rotate of a revoked key.</summary>
        public const string KeyRevoked = "key_revoked";

        /// <summary>429, stand-in's choice: more than 60 mints or 30 rotations per hour per service key.</summary>
        public const string RateLimited = "rate_limited";

        /// <summary>404, stand-in's choice: no such resource or endpoint.</summary>
        public const string NotFound = "not_found";

        /// <summary>500: a bug in the stand-in.</summary>
        public const string InternalError = "internal_error";
    }
}
