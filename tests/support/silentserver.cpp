#include "tests/support/silentserver.h"

#include "core/sandbox/serverprocess.h"

#include <arpa/inet.h>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdexcept>
#include <string>
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

namespace {

/// Reads exactly n bytes; false on EOF, error, or nothing for 5 s (a client that gave up).
bool readExactly(int fd, char* buf, size_t n) {
    while (n > 0) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 5000) <= 0)
            return false;
        const ssize_t got = ::recv(fd, buf, n, 0);
        if (got <= 0)
            return false;
        buf += got;
        n -= size_t(got);
    }
    return true;
}

bool writeAll(int fd, const std::string& data) {
    size_t done = 0;
    while (done < data.size()) {
        const ssize_t put = ::send(fd, data.data() + done, data.size() - done, MSG_NOSIGNAL);
        if (put <= 0)
            return false;
        done += size_t(put);
    }
    return true;
}

uint32_t readInt32(const char* p) {
    uint32_t v = 0;
    std::memcpy(&v, p, 4);
    return ntohl(v);
}

std::string int32(uint32_t v) {
    const uint32_t n = htonl(v);
    return std::string(reinterpret_cast<const char*>(&n), 4);
}

} // namespace

PasswordRefusingPostgres::PasswordRefusingPostgres() {
    m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (m_fd < 0 || ::bind(m_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::listen(m_fd, 16) != 0 ||
        ::getsockname(m_fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0 ||
        ::pipe2(m_wake, O_CLOEXEC) != 0)
        throw std::runtime_error("PasswordRefusingPostgres: cannot listen on loopback");
    m_port = ntohs(addr.sin_port);
    m_thread = std::thread([this] { serve(); });
}

PasswordRefusingPostgres::~PasswordRefusingPostgres() {
    if (m_thread.joinable()) {
        const char stop = 'x';
        [[maybe_unused]] const ssize_t n = ::write(m_wake[1], &stop, 1);
        m_thread.join();
    }
    for (int fd : {m_fd, m_wake[0], m_wake[1]})
        if (fd >= 0)
            ::close(fd);
}

void PasswordRefusingPostgres::serve() {
    while (true) {
        pollfd p[2] = {{m_fd, POLLIN, 0}, {m_wake[0], POLLIN, 0}};
        if (::poll(p, 2, -1) < 0)
            continue;
        if (p[1].revents)
            return;
        const int client = ::accept4(m_fd, nullptr, nullptr, SOCK_CLOEXEC);
        if (client < 0)
            continue;
        answer(client);
        ::close(client);
    }
}

void PasswordRefusingPostgres::answer(int client) {
    // Startup: SSLRequest / GSSENCRequest are declined ('N'), then the StartupMessage.
    while (true) {
        char head[8];
        if (!readExactly(client, head, 8))
            return;
        const uint32_t len = readInt32(head), code = readInt32(head + 4);
        if (len < 8 || len > 10000)
            return;
        std::string rest(len - 8, '\0');
        if (!readExactly(client, rest.data(), rest.size()))
            return;
        if (code == 80877103 || code == 80877104) { // SSLRequest, GSSENCRequest
            if (!writeAll(client, "N"))
                return;
            continue;
        }
        if (code != 196608) // protocol 3.0
            return;
        break;
    }
    // AuthenticationCleartextPassword.
    if (!writeAll(client, "R" + int32(8) + int32(3)))
        return;
    char type = 0;
    char lenBuf[4];
    if (!readExactly(client, &type, 1) || type != 'p' || !readExactly(client, lenBuf, 4))
        return; // a client without a password hangs up here
    const uint32_t len = readInt32(lenBuf);
    if (len < 4 || len > 10000)
        return;
    std::string password(len - 4, '\0');
    if (!readExactly(client, password.data(), password.size()))
        return;
    ++m_refusals;
    // ErrorResponse as a German server sends it: the severity and text are translated, the
    // SQLSTATE is not.
    std::string fields;
    auto field = [&](char tag, const std::string& value) {
        fields += tag;
        fields += value;
        fields += '\0';
    };
    field('S', "FATAL");
    field('V', "FATAL");
    field('C', "28P01");
    field('M', "Passwort-Authentifizierung f\xc3\xbcr Benutzer \xc2\xbbx\xc2\xab "
               "fehlgeschlagen");
    field('R', "auth_failed");
    fields += '\0';
    writeAll(client, "E" + int32(uint32_t(fields.size() + 4)) + fields);
}

} // namespace lockscope::test
