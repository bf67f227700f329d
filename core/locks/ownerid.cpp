#include "core/locks/ownerid.h"

#include <QCoreApplication>
#include <QRandomGenerator>
#include <QSysInfo>
#include <unistd.h>

namespace lockscope {

namespace {
/// digits random hex digits, 16 per 64-bit draw (the generator is shared and locked: one
/// draw per 16 digits, not one per digit).
std::string hex(int digits) {
    static const char* h = "0123456789abcdef";
    std::string out;
    out.reserve(static_cast<size_t>(digits));
    auto* rng = QRandomGenerator::global();
    while (int(out.size()) < digits) {
        quint64 bits = rng->generate64();
        for (int i = 0; i < 16 && int(out.size()) < digits; ++i, bits >>= 4)
            out += h[bits & 0xf];
    }
    return out;
}
} // namespace

std::string OwnerId::next() {
    static const std::string host = QSysInfo::machineHostName().toStdString();
    return host + ":" + std::to_string(::getpid()) + ":" + hex(16);
}

std::string OwnerId::guid() {
    return hex(32);
}

} // namespace lockscope
