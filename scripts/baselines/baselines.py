"""Reference timings and accuracies from scikit-learn and Surprise, for docs/ml.md.

Run by scripts/baselines/run inside a scratch venv; never a dependency of Confide.
Prints `name: value` lines like confide-bench.
"""
import argparse
import time

import numpy as np


def best_of(repetitions, body):
    best, result = float("inf"), None
    for _ in range(repetitions):
        start = time.perf_counter()
        result = body()
        best = min(best, time.perf_counter() - start)
    return best, result


def kmeans(args):
    from sklearn.cluster import KMeans
    from sklearn.datasets import make_blobs
    from sklearn.metrics import adjusted_rand_score
    from threadpoolctl import threadpool_limits

    points, truth = make_blobs(n_samples=args.points, n_features=args.dim, centers=args.k,
                               cluster_std=1.5, center_box=(-10.0, 10.0), random_state=args.seed)
    with threadpool_limits(limits=1):
        seconds, model = best_of(args.repetitions, lambda: KMeans(
            n_clusters=args.k, n_init=10, init="k-means++", random_state=args.seed).fit(points))
        single, _ = best_of(args.repetitions, lambda: KMeans(
            n_clusters=args.k, n_init=1, init="k-means++", random_state=args.seed).fit(points))
    print(f"sklearn_kmeans_fit_s: {seconds:.4f}")
    print(f"sklearn_kmeans_single_init_fit_s: {single:.4f}")
    print(f"sklearn_kmeans_inertia: {model.inertia_:.1f}")
    print(f"sklearn_kmeans_ari: {adjusted_rand_score(truth, model.labels_):.4f}")


def surprise_svd(args):
    import csv
    from surprise import SVD, Dataset, Reader, accuracy

    # Raw ids stay strings on both sides, as Surprise's file loader keeps them.
    reader = Reader(line_format="user item rating timestamp", sep=",", rating_scale=(1, 5), skip_lines=1)
    trainset = Dataset.load_from_file(args.train, reader=reader).build_full_trainset()
    with open(args.test, newline="") as handle:
        testset = [(row["user"], row["item"], float(row["rating"])) for row in csv.DictReader(handle)]
    seconds, algorithm = best_of(args.repetitions, lambda: SVD(random_state=args.seed).fit(trainset))
    predictions = algorithm.test(testset)
    print(f"surprise_svd_fit_s: {seconds:.4f}")
    print(f"surprise_svd_rmse: {accuracy.rmse(predictions, verbose=False):.4f}")
    print(f"surprise_svd_mae: {accuracy.mae(predictions, verbose=False):.4f}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("task", choices=["kmeans", "svd"])
    parser.add_argument("--points", type=int, default=100_000)
    parser.add_argument("--dim", type=int, default=16)
    parser.add_argument("--k", type=int, default=10)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--train")
    parser.add_argument("--test")
    args = parser.parse_args()
    kmeans(args) if args.task == "kmeans" else surprise_svd(args)


if __name__ == "__main__":
    main()
