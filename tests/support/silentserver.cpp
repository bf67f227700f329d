#include "tests/support/silentserver.h"

#include "core/sandbox/serverprocess.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdexcept>
#include <sys/socket.h>
#include <unistd.h>

namespace lockscope::test {

SilentServer::SilentServer() {
    m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (m_fd < 0 || ::bind(m_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::listen(m_fd, 64) != 0 ||
        ::getsockname(m_fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
        throw std::runtime_error("SilentServer: cannot listen on loopback");
    m_port = ntohs(addr.sin_port);
}

SilentServer::~SilentServer() {
    if (m_fd >= 0)
        ::close(m_fd);
}

int closedPort() {
    return ServerProcess::freeLoopbackPort();
}

} // namespace lockscope::test
