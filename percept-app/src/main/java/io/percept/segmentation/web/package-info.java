/** The segments API: define, preview, evaluate, list members and size history. */
package io.percept.segmentation.web;
