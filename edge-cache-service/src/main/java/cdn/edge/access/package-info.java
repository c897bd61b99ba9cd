/**
 * Who may read a playlist or a segment at an edge that requires signed URLs (issue 16): a
 * request with a valid URL signature, or one with a valid listener token as
 * {@code Authorization: Bearer}.
 */
package cdn.edge.access;
