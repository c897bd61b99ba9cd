/**
 * Takedowns (issue 16): the operator's one call that removes a track everywhere (origin,
 * every edge, the tracker) and the router's own list of tracks it no longer routes.
 */
package cdn.router.takedown;
