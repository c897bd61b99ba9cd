/**
 * What an edge tells its clients beyond the bytes: the cache status.
 */
package cdn.protocol.edge;
