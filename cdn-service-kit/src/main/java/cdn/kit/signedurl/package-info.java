/**
 * Signed playlist and segment URLs as a service configures them
 * ({@code cdn.signed-urls.*}): signing at the router, checking at origin and edges.
 */
package cdn.kit.signedurl;
