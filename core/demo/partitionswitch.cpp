#include "core/demo/partitionswitch.h"

#include "core/demo/faultroute.h"
#include "core/interruptiblewait.h"
#include "core/logging.h"

namespace lockscope {

PartitionSwitch::PartitionSwitch(const NamespaceConfig& config, Backend target)
    : m_target(target)
    , m_proxy(FaultRoute::upstream(config, target).host,
              FaultRoute::upstream(config, target).port) {
    m_proxy.start();
    m_routed = FaultRoute::through(config, target, HostPort{m_proxy.host(), m_proxy.port()});
}

PartitionSwitch::~PartitionSwitch() {
    if (m_healer.joinable()) {
        m_healer.request_stop();
        m_healer.join();
    }
}

void PartitionSwitch::cut(std::chrono::milliseconds duration, std::stop_token stop) {
    {
        std::lock_guard lock(m_mutex);
        if (m_cut)
            return;
        m_cut = true;
        m_healedAt.reset();
    }
    if (m_healer.joinable())
        m_healer.join(); // the previous cut's healer, done already
    m_proxy.setMode(FaultProxy::Mode::Blackhole);
    qCDebug(lcDemo) << "partition: cut off from" << backendName(m_target) << "for"
                    << duration.count() << "ms";
    m_healer = std::jthread([this, duration, stop](std::stop_token own) {
        // Heals after duration, or at once when the run is cancelled or the switch destroyed.
        std::stop_source either;
        const std::stop_callback onRun(stop, [&] { either.request_stop(); });
        const std::stop_callback onOwn(own, [&] { either.request_stop(); });
        waitUnlessStopped(either.get_token(), duration);
        heal();
    });
}

void PartitionSwitch::heal() {
    m_proxy.setMode(FaultProxy::Mode::Pass);
    std::lock_guard lock(m_mutex);
    m_cut = false;
    m_healedAt = Clock::now();
    m_healed.notify_all();
}

std::optional<PartitionSwitch::Clock::time_point> PartitionSwitch::waitHealed() {
    std::unique_lock lock(m_mutex);
    // The healer always heals: after the duration, or at once on a cancel.
    m_healed.wait(lock, [this] { return !m_cut; });
    return m_healedAt;
}

} // namespace lockscope
