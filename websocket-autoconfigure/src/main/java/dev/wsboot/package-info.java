/**
 * The API a wsboot application touches: mapping annotations, the connection and its messages.
 */
@NullMarked
package dev.wsboot;

import org.jspecify.annotations.NullMarked;
