/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.serving;

import com.slabstak.slabml.Arm;
import com.slabstak.slabml.Deployment;
import com.slabstak.slabml.RequestContext;
import com.slabstak.slabml.spi.ModelChoice;
import com.slabstak.slabml.spi.ModelSelector;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The default selector. A subject's bucket is computed in the group named after the task (not
 * after the candidate model): the same subjects are first in for every candidate of a task, and
 * raising a rollout's percentage keeps everyone already in. Requests without a subject draw a
 * random arm and are reported as not sticky.
 */
final class StickySelector implements ModelSelector {

    @Override
    public ModelChoice select(Deployment deployment, RequestContext context) {
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(context, "context");
        Optional<String> subject = context.subject();
        int bucket = subject.map(s -> StickyBuckets.bucket(s, deployment.task().value())).orElse(0);
        boolean sticky = subject.isPresent();
        Optional<String> candidate = deployment.candidateModel();
        int percent = deployment.rolloutPercent();
        if (candidate.isEmpty() || percent <= 0) {
            return new ModelChoice(deployment.baseModel(), Arm.BASE, bucket, sticky);
        }
        boolean in;
        if (percent >= 100) {
            in = true;
        } else if (sticky) {
            in = bucket <= percent;
        } else {
            in = ThreadLocalRandom.current().nextInt(100) < percent;
        }
        return in
            ? new ModelChoice(candidate.get(), Arm.CANDIDATE, bucket, sticky)
            : new ModelChoice(deployment.baseModel(), Arm.BASE, bucket, sticky);
    }

    @Override
    public String toString() {
        return "StickySelector";
    }
}
