/**
 * Takedowns at an edge (issue 16): which tracks and segments answer 410 Gone.
 */
package cdn.edge.takedown;
