package org.grad4j.tutorials;

import static org.grad4j.tutorials.Out.size;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.grad4j.Functional;
import org.grad4j.Generator;
import org.grad4j.Tensor;
import org.grad4j.autograd.GradMode;
import org.grad4j.data.DataLoader;
import org.grad4j.data.TensorDataset;
import org.grad4j.nn.AdaptiveAvgPool2d;
import org.grad4j.nn.AvgPool2d;
import org.grad4j.nn.Conv2d;
import org.grad4j.nn.Linear;
import org.grad4j.nn.Module;
import org.grad4j.nn.ReLU;
import org.grad4j.nn.Sequential;
import org.grad4j.optim.Optimizer;
import org.grad4j.optim.SGD;
import org.junit.jupiter.api.Test;

/**
 * PyTorch's "What is torch.nn really?", ported statement by statement, against what PyTorch 1.13 printed
 * (tools/golden/tutorials/nn_tutorial.py, golden/tutorials/nn.txt).
 */
class TutorialNnTest {
    static final int N = 320;
    static final int BS = 64;
    static final int EPOCHS = 2;

    Tensor xTrain;
    Tensor yTrain;
    Tensor xValid;
    Tensor yValid;
    Tensor xb;
    Tensor yb;
    Tensor weights;
    Tensor bias;
    double lr;
    Module model;
    UnaryOperator<Tensor> fnModel;
    LossFunc lossFunc;

    interface LossFunc {
        Tensor apply(Tensor input, Tensor target);
    }

    void data(Out out) {
        Generator.manualSeedDefault(0);
        int nValid = 128;
        Tensor xAll = Tensor.rand(N + nValid, 784).mul(Tensor.rand(N + nValid, 784).lt(0.15));
        Tensor yAll = xAll.matmul(Tensor.randn(784, 10)).argmax(1);
        xTrain = xAll.slice(0, 0, N, 1);
        yTrain = yAll.slice(0, 0, N, 1);
        xValid = xAll.slice(0, N, Integer.MAX_VALUE, 1);
        yValid = yAll.slice(0, N, Integer.MAX_VALUE, 1);
        out.println(xTrain, yTrain);
        out.println(size(xTrain.shape()));
        out.println(size(xTrain.shape()), size(yTrain.shape()), yTrain.min(), yTrain.max(), yTrain.slice(0, 0, 10, 1));
    }

    static Tensor logSoftmax(Tensor x) {
        return x.sub(x.exp().sum(-1).log().unsqueeze(-1));
    }

    /** {@code -input[range(target.shape[0]), target].mean()}: grad4j has no two-tensor indexing; gather is the same. */
    static Tensor nll(Tensor input, Tensor target) {
        return input.gather(1, target.unsqueeze(1)).squeeze(1).mean().neg();
    }

    static Tensor accuracy(Tensor out, Tensor yb) {
        Tensor preds = out.argmax(1);
        return preds.eq(yb).toFloat().mean();
    }

    void fromScratch(Out out) {
        out.section("from_scratch");
        Generator.manualSeedDefault(1);
        weights = Tensor.randn(784, 10).div(Math.sqrt(784));
        weights.requiresGrad_();
        bias = Tensor.zeros(10).requiresGrad_(true);
        fnModel = xb -> logSoftmax(xb.matmul(weights).add(bias));
        xb = xTrain.slice(0, 0, BS, 1);
        Tensor preds = fnModel.apply(xb);
        out.println(preds.select(0, 0), size(preds.shape()));
        lossFunc = TutorialNnTest::nll;
        yb = yTrain.slice(0, 0, BS, 1);
        out.println(lossFunc.apply(preds, yb));
        out.println(accuracy(preds, yb));
        lr = 0.5;
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            for (int i = 0; i < (N - 1) / BS + 1; i++) {
                int startI = i * BS;
                int endI = startI + BS;
                xb = xTrain.slice(0, startI, endI, 1);
                yb = yTrain.slice(0, startI, endI, 1);
                Tensor pred = fnModel.apply(xb);
                Tensor loss = lossFunc.apply(pred, yb);
                loss.backward();
                try (GradMode.Scope noGrad = GradMode.noGrad()) {
                    weights.sub_(weights.grad().mul(lr));
                    bias.sub_(bias.grad().mul(lr));
                    weights.grad().zero_();
                    bias.grad().zero_();
                }
            }
        }
        out.println(lossFunc.apply(fnModel.apply(xb), yb), accuracy(fnModel.apply(xb), yb));
    }

    void crossEntropy(Out out) {
        out.section("cross_entropy");
        lossFunc = Functional::crossEntropy;
        fnModel = xb -> xb.matmul(weights).add(bias);
        out.println(lossFunc.apply(fnModel.apply(xb), yb), accuracy(fnModel.apply(xb), yb));
    }

    static final class MnistLogistic extends Module {
        final Tensor weights = registerParameter("weights", Tensor.randn(784, 10).div(Math.sqrt(784)));
        final Tensor bias = registerParameter("bias", Tensor.zeros(10));

        @Override
        public Tensor forward(Tensor xb) {
            return xb.matmul(weights).add(bias);
        }

        @Override
        public String toString() {
            return "Mnist_Logistic()";
        }
    }

    void fit() {
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            for (int i = 0; i < (N - 1) / BS + 1; i++) {
                int startI = i * BS;
                int endI = startI + BS;
                Tensor xb = xTrain.slice(0, startI, endI, 1);
                Tensor yb = yTrain.slice(0, startI, endI, 1);
                Tensor pred = model.forward(xb);
                Tensor loss = lossFunc.apply(pred, yb);
                loss.backward();
                try (GradMode.Scope noGrad = GradMode.noGrad()) {
                    for (Tensor p : model.parameters()) {
                        p.sub_(p.grad().mul(lr));
                    }
                    model.zeroGrad();
                }
            }
        }
    }

    void module(Out out) {
        out.section("module");
        Generator.manualSeedDefault(1);
        model = new MnistLogistic();
        out.println(model);
        StringBuilder names = new StringBuilder();
        for (Map.Entry<String, Tensor> e : model.namedParameters().entrySet()) {
            int[] s = e.getValue().shape();
            names.append(names.length() == 0 ? "[" : ", ").append("('").append(e.getKey()).append("', (").append(s[0])
                    .append(s.length == 1 ? ",))" : ", " + s[1] + "))");
        }
        out.println(names.append("]"));
        out.println(lossFunc.apply(model.forward(xb), yb));
        fit();
        out.println(lossFunc.apply(model.forward(xb), yb));
    }

    /** The tutorial's second Mnist_Logistic, on nn.Linear; Java needs another name. */
    static final class MnistLogisticLinear extends Module {
        final Linear lin = registerModule("lin", new Linear(784, 10));

        @Override
        public Tensor forward(Tensor xb) {
            return lin.forward(xb);
        }

        @Override
        public String toString() {
            return super.toString().replaceFirst("MnistLogisticLinear", "Mnist_Logistic");
        }
    }

    void linear(Out out) {
        out.section("linear");
        Generator.manualSeedDefault(1);
        model = new MnistLogisticLinear();
        out.println(model);
        out.println(lossFunc.apply(model.forward(xb), yb));
        fit();
        out.println(lossFunc.apply(model.forward(xb), yb));
    }

    Optimizer getModel() {
        model = new MnistLogisticLinear();
        return new SGD(model.parameters(), lr);
    }

    void optim(Out out) {
        out.section("optim");
        Generator.manualSeedDefault(1);
        Optimizer opt = getModel();
        out.println(lossFunc.apply(model.forward(xb), yb));
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            for (int i = 0; i < (N - 1) / BS + 1; i++) {
                int startI = i * BS;
                int endI = startI + BS;
                xb = xTrain.slice(0, startI, endI, 1);
                yb = yTrain.slice(0, startI, endI, 1);
                Tensor pred = model.forward(xb);
                Tensor loss = lossFunc.apply(pred, yb);
                loss.backward();
                opt.step();
                opt.zeroGrad();
            }
        }
        out.println(lossFunc.apply(model.forward(xb), yb));
    }

    TensorDataset trainDs;
    TensorDataset validDs;

    void dataset(Out out) {
        out.section("dataset");
        trainDs = new TensorDataset(xTrain, yTrain);
        Generator.manualSeedDefault(1);
        Optimizer opt = getModel();
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            for (int i = 0; i < (N - 1) / BS + 1; i++) {
                Tensor[] b = trainDs.slice(i * BS, i * BS + BS);
                xb = b[0];
                yb = b[1];
                Tensor pred = model.forward(xb);
                Tensor loss = lossFunc.apply(pred, yb);
                loss.backward();
                opt.step();
                opt.zeroGrad();
            }
        }
        out.println(lossFunc.apply(model.forward(xb), yb));
        out.println(trainDs.slice(-3, Integer.MAX_VALUE)[1], size(trainDs.slice(318, 400)[0].shape()),
                trainDs.slice(5, 2)[1], trainDs.slice(-400, 2)[1]);
    }

    void dataloader(Out out) {
        out.section("dataloader");
        Generator.manualSeedDefault(1);
        Optimizer opt = getModel();
        DataLoader trainDl = new DataLoader(trainDs, BS);
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            for (Tensor[] b : trainDl) {
                xb = b[0];
                yb = b[1];
                Tensor pred = model.forward(xb);
                Tensor loss = lossFunc.apply(pred, yb);
                loss.backward();
                opt.step();
                opt.zeroGrad();
            }
        }
        out.println(lossFunc.apply(model.forward(xb), yb));
        out.println(trainDs.size(), trainDl.len(), trainDs.get(3)[1]);
    }

    void validation(Out out) {
        out.section("validation");
        validDs = new TensorDataset(xValid, yValid);
        Generator.manualSeedDefault(1);
        DataLoader trainDl = new DataLoader(trainDs, BS, true);
        DataLoader validDl = new DataLoader(validDs, BS * 2);
        Optimizer opt = getModel();
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            model.train();
            for (Tensor[] b : trainDl) {
                Tensor pred = model.forward(b[0]);
                Tensor loss = lossFunc.apply(pred, b[1]);
                loss.backward();
                opt.step();
                opt.zeroGrad();
            }
            model.eval();
            Tensor validLoss = null;
            try (GradMode.Scope noGrad = GradMode.noGrad()) {
                for (Tensor[] b : validDl) {
                    Tensor l = lossFunc.apply(model.forward(b[0]), b[1]);
                    validLoss = validLoss == null ? l : validLoss.add(l);
                }
            }
            out.println(epoch, validLoss.div(validDl.len()));
        }
    }

    /** loss.item() and len(xb). */
    record LossCount(double loss, int count) {
    }

    LossCount lossBatch(Tensor xb, Tensor yb, Optimizer opt) {
        Tensor loss = lossFunc.apply(model.forward(xb), yb);
        if (opt != null) {
            loss.backward();
            opt.step();
            opt.zeroGrad();
        }
        return new LossCount(loss.item(), xb.size(0));
    }

    void fit(Out out, int epochs, Optimizer opt, DataLoader trainDl, DataLoader validDl) {
        for (int epoch = 0; epoch < epochs; epoch++) {
            model.train();
            for (Tensor[] b : trainDl) {
                lossBatch(b[0], b[1], opt);
            }
            model.eval();
            List<LossCount> losses = new ArrayList<>();
            try (GradMode.Scope noGrad = GradMode.noGrad()) {
                for (Tensor[] b : validDl) {
                    losses.add(lossBatch(b[0], b[1], null));
                }
            }
            double sum = 0;
            long nums = 0;
            for (LossCount lc : losses) {
                sum += lc.loss() * lc.count();
                nums += lc.count();
            }
            double valLoss = sum / nums;
            out.println(epoch, valLoss);
        }
    }

    DataLoader[] getData(int bs) {
        return new DataLoader[] {new DataLoader(trainDs, bs, true), new DataLoader(validDs, bs * 2)};
    }

    void fitSection(Out out) {
        out.section("fit");
        Generator.manualSeedDefault(1);
        DataLoader[] dls = getData(BS);
        DataLoader validDl = new DataLoader(validDs, 48);
        Optimizer opt = getModel();
        fit(out, EPOCHS, opt, dls[0], validDl);
    }

    static final class MnistCnn extends Module {
        final Conv2d conv1 = registerModule("conv1", new Conv2d(1, 16, 3, 2, 1));
        final Conv2d conv2 = registerModule("conv2", new Conv2d(16, 16, 3, 2, 1));
        final Conv2d conv3 = registerModule("conv3", new Conv2d(16, 10, 3, 2, 1));

        @Override
        public Tensor forward(Tensor xb) {
            xb = xb.view(-1, 1, 28, 28);
            xb = conv1.forward(xb).relu();
            xb = conv2.forward(xb).relu();
            xb = conv3.forward(xb).relu();
            xb = Functional.avgPool2d(xb, new int[] {4});
            return xb.view(-1, xb.size(1));
        }

        @Override
        public String toString() {
            return super.toString().replaceFirst("MnistCnn", "Mnist_CNN");
        }
    }

    void cnn(Out out) {
        out.section("cnn");
        lr = 0.1;
        Generator.manualSeedDefault(1);
        DataLoader[] dls = getData(BS);
        model = new MnistCnn();
        out.println(model);
        Optimizer opt = SGD.builder(model.parameters(), lr).momentum(0.9).build();
        fit(out, EPOCHS, opt, dls[0], dls[1]);
    }

    static final class Lambda extends Module {
        private final UnaryOperator<Tensor> func;

        Lambda(UnaryOperator<Tensor> func) {
            this.func = func;
        }

        @Override
        public Tensor forward(Tensor x) {
            return func.apply(x);
        }
    }

    static Tensor preprocess(Tensor x) {
        return x.view(-1, 1, 28, 28);
    }

    void sequential(Out out, String name, Module pool) {
        out.section(name);
        Generator.manualSeedDefault(1);
        DataLoader[] dls = getData(BS);
        model = new Sequential(
                new Lambda(TutorialNnTest::preprocess),
                new Conv2d(1, 16, 3, 2, 1),
                new ReLU(),
                new Conv2d(16, 16, 3, 2, 1),
                new ReLU(),
                new Conv2d(16, 10, 3, 2, 1),
                new ReLU(),
                pool,
                new Lambda(x -> x.view(x.size(0), -1)));
        out.println(model);
        Optimizer opt = SGD.builder(model.parameters(), lr).momentum(0.9).build();
        fit(out, EPOCHS, opt, dls[0], dls[1]);
    }

    Out run() {
        Out out = new Out();
        data(out);
        fromScratch(out);
        crossEntropy(out);
        module(out);
        linear(out);
        optim(out);
        dataset(out);
        dataloader(out);
        validation(out);
        fitSection(out);
        cnn(out);
        sequential(out, "sequential", new AvgPool2d(4));
        sequential(out, "adaptive", new AdaptiveAvgPool2d(1));
        out.println(model.forward(xValid.slice(0, 0, 2, 1)));
        return out;
    }

    @Test
    void printsWhatPyTorchPrinted() {
        // cross_entropy's log_softmax: PyTorch 1.13 sums a row's exponentials on 8 AVX2 lanes folded as a tree and
        // takes SLEEF's vectorised exp and log; grad4j's kernel sums 16 lanes in order with its own exp (within
        // 2 ulps). A row's log_softmax may differ in the last bit, so a printed mean loss may differ by an ulp of
        // float32 (1e-7); the four-digit tensor prints match, and everything before "fit" matches bit for bit.
        double[] ulp = {1e-6, 0};
        double[] printed = {1e-4, 1e-6};   // and 4-5 printed digits of values that moved by an ulp
        Golden.assertMatches("nn.txt", run(), Map.of("fit", ulp, "cnn", ulp, "sequential", ulp, "adaptive", printed));
    }

    public static void main(String[] args) {
        System.out.print(new TutorialNnTest().run());
    }
}
