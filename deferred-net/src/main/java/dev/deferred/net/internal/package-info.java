/**
 * Engines shared by the socket packages of this module, not part of its API (module-info does not
 * export this package): the listening-port and connector engines of stream sockets, which
 * {@code tcp} and {@code unix} parameterise with what differs between TCP and UNIX-domain
 * sockets, and small socket helpers.
 */
package dev.deferred.net.internal;
