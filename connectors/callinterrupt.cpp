#include "connectors/callinterrupt.h"

#include <utility>

namespace lockscope {

namespace {

thread_local std::stop_token t_current;

} // namespace

CallInterrupt::Scope::Scope(std::stop_token token)
    : m_previous(std::exchange(t_current, std::move(token))) {}

CallInterrupt::Scope::~Scope() {
    t_current = std::move(m_previous);
}

std::stop_token CallInterrupt::current() {
    return t_current;
}

} // namespace lockscope
