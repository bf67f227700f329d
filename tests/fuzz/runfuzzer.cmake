# Runs one libFuzzer target for SECONDS on a fresh copy of its seeds (cmake -P, from CTest).
# A crash, leak, timeout or out-of-memory exits non-zero: the test fails, the input is kept in
# ARTIFACTS. The line libFuzzer ends with ("Done N runs in S second(s)") gives execs/s.
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK} ${ARTIFACTS})
file(COPY ${SEEDS}/ DESTINATION ${WORK})
execute_process(
    COMMAND ${FUZZER} ${WORK} -max_total_time=${SECONDS} -timeout=10 -rss_limit_mb=2048
            -max_len=65536 -print_final_stats=1 -artifact_prefix=${ARTIFACTS}/
    RESULT_VARIABLE rc
    OUTPUT_VARIABLE out
    ERROR_VARIABLE out)
string(REGEX MATCH "Done ([0-9]+) runs in ([0-9]+) second" done "${out}")
if(done)
    set(runs ${CMAKE_MATCH_1})
    set(secs ${CMAKE_MATCH_2})
    if(secs EQUAL 0)
        set(secs 1)
    endif()
    math(EXPR rate "${runs} / ${secs}")
    message(STATUS "${FUZZER}: ${runs} runs in ${secs} s (${rate} execs/s)")
endif()
if(NOT rc EQUAL 0)
    message("${out}")
    message(FATAL_ERROR "fuzzer failed (exit ${rc}); the input is in ${ARTIFACTS}")
endif()
string(REGEX MATCH "stat::new_units_added: *[0-9]+" units "${out}")
string(REGEX MATCHALL "cov: [0-9]+ ft: [0-9]+" covs "${out}")
list(POP_BACK covs cov) # the last report: the coverage reached
message(STATUS "${cov}, ${units}")
