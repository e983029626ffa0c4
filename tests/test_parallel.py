from policytext.parallel import helper_pool, run_shared


def _square(x):
    return x * x


def test_run_shared_gives_every_result_once_largest_first_without_a_pool():
    tasks = [3, 1, 2]
    out = list(run_shared(_square, tasks, pool=None, helpers=0, sizes=[1, 5, 3]))
    assert out == [(1, 1), (2, 4), (0, 9)]  # task 1 is the largest, so it starts first


def test_run_shared_with_a_helper_process_matches_map():
    tasks = list(range(40))
    with helper_pool(1, None, ()) as pool:
        out = dict(run_shared(_square, tasks, pool=pool, helpers=1, sizes=[1] * 40))
    assert out == {i: i * i for i in tasks}


def test_no_helpers_no_pool():
    with helper_pool(0, None, ()) as pool:
        assert pool is None
