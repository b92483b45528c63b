/**
 * The wsboot echo sample application.
 */
@NullMarked
package dev.wsboot.sample;

import org.jspecify.annotations.NullMarked;
