#pragma once

#include "core/bench/benchreference.h"

#include <memory>
#include <string>

namespace lockscope {

class PgConnection;
struct NamespaceConfig;

/// libpqxx doing what a pg-row lock cycle does: BEGIN; SELECT ... FOR UPDATE; UPDATE; COMMIT.
class PgBenchReference : public BenchReference {
public:
    explicit PgBenchReference(const NamespaceConfig& config);
    ~PgBenchReference() override;
    QString describe() const override;
    void cycle() override;

private:
    std::unique_ptr<PgConnection> m_connection;
    std::string m_table;
};

} // namespace lockscope
