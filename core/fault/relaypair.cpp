#include "core/fault/relaypair.h"

#include <sys/socket.h>
#include <unistd.h>

namespace lockscope {

std::size_t RelayPair::Flow::clear() {
    const std::size_t dropped = queued;
    queue.clear();
    queued = 0;
    return dropped;
}

RelayPair::~RelayPair() {
    closeSocket(client, false);
    closeSocket(upstream, false);
}

void RelayPair::closeSocket(int& fd, bool reset) {
    if (fd < 0)
        return;
    if (reset) {
        const linger abortive{1, 0}; // close() sends RST
        ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &abortive, sizeof abortive);
    }
    ::close(fd);
    fd = -1;
}

} // namespace lockscope
