import { describe, expect, it } from 'vitest';
import * as webhooks from './index.ts';

describe('webhooks public API', () => {
  it('re-exports the runtime API of every module', () => {
    const names = Object.keys(webhooks).sort();
    expect(names).toEqual(
      [
        'ALLOW_ENV_VAR',
        'DEFAULT_ATTEMPT_TIMEOUT_MS',
        'JITTER_RATIO',
        'MAX_CUSTOM_RETRIES',
        'MAX_RETRY_DELAY_MS',
        'RESPONSE_EXCERPT_BYTES',
        'RETRY_PRESETS',
        'RETRY_PRESET_NAMES',
        'RetryPolicyError',
        'RetryPolicySchema',
        'SIGNING_KEY_PREFIX',
        'SigningKeyError',
        'WebhookTargetError',
        'allowListFromEnv',
        'applyRetryAfter',
        'assertAllowedAddress',
        'bodySignature',
        'checkUrl',
        'classifyAddress',
        'createGuardedLookup',
        'createWebhookDispatcher',
        'decodeSigningKey',
        'generateSigningKey',
        'isForbiddenAddress',
        'isRetryPolicy',
        'isValidSigningKey',
        'maxAttempts',
        'nextAttemptDelay',
        'parseAllowList',
        'parseHttpDate',
        'parseRetryAfter',
        'parseRetryPolicy',
        'resolveAndCheckHost',
        'resolveRetryPolicy',
        'retryPolicyBounds',
        'sendAttempt',
        'signWebhook',
        'standardSignature',
        'systemResolver',
        'unbracket',
      ].sort(),
    );
  });
});
