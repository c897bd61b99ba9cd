/**
 * The edge's view of a request path: which object of the origin it names and how it is
 * cached.
 */
package cdn.edge.content;
