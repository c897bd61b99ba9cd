/**
 * What every endpoint shares: problem+json errors, request metrics, strict JSON.
 */
package cdn.tracker.web;
