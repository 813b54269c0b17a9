package org.grad4j.tutorials;

import static org.grad4j.tutorials.Out.size;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.grad4j.DType;
import org.grad4j.Functional;
import org.grad4j.Generator;
import org.grad4j.Tensor;
import org.grad4j.autograd.GradMode;
import org.grad4j.data.DataLoader;
import org.grad4j.data.Dataset;
import org.grad4j.data.TensorDataset;
import org.grad4j.io.Safetensors;
import org.grad4j.nn.CrossEntropyLoss;
import org.grad4j.nn.Flatten;
import org.grad4j.nn.Linear;
import org.grad4j.nn.Module;
import org.grad4j.nn.ReLU;
import org.grad4j.nn.Sequential;
import org.grad4j.nn.Softmax;
import org.grad4j.optim.Adagrad;
import org.grad4j.optim.Adam;
import org.grad4j.optim.AdamW;
import org.grad4j.optim.Optimizer;
import org.grad4j.optim.RMSprop;
import org.grad4j.optim.SGD;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PyTorch's "Learn the Basics", ported statement by statement, against what PyTorch 1.13 printed
 * (tools/golden/tutorials/basics_tutorial.py, golden/tutorials/basics.txt).
 */
class TutorialBasicsTest {
    static void tensors(Out out) {
        out.section("tensors");
        Generator.manualSeedDefault(0);
        Tensor xData = Tensor.tensor(new long[][] {{1, 2}, {3, 4}});
        out.println(xData);
        Tensor xOnes = Tensor.onesLike(xData);
        out.println("Ones Tensor: \n " + xOnes + " \n");
        Tensor xRand = Tensor.randLike(xData, DType.FLOAT32);
        out.println("Random Tensor: \n " + xRand + " \n");
        int[] shape = {2, 3};
        Tensor randTensor = Tensor.rand(shape);
        Tensor onesTensor = Tensor.ones(shape);
        Tensor zerosTensor = Tensor.zeros(shape);
        out.println("Random Tensor: \n " + randTensor + " \n");
        out.println("Ones Tensor: \n " + onesTensor + " \n");
        out.println("Zeros Tensor: \n " + zerosTensor);
        Tensor tensor = Tensor.rand(3, 4);
        out.println("Shape of tensor: " + size(tensor.shape()));
        out.println("Datatype of tensor: " + tensor.dtype());
        out.println("Device tensor is stored on: " + tensor.device());
        tensor = Tensor.ones(4, 4);
        out.println("First row: " + tensor.select(0, 0));
        out.println("First column: " + tensor.select(1, 0));
        out.println("Last column: " + tensor.select(-1, -1));
        tensor.select(1, 1).fill_(0);
        out.println(tensor);
        Tensor t1 = Tensor.cat(List.of(tensor, tensor, tensor), 1);
        out.println(t1);
        Tensor y1 = tensor.matmul(tensor.t());
        Tensor y2 = tensor.matmul(tensor.t());
        Tensor y3 = Tensor.randLike(y1);
        y3.copy_(tensor.matmul(tensor.t()));
        out.println(y1);
        out.println(py(y1.equal(y2)), py(y1.equal(y3)));
        Tensor z1 = tensor.mul(tensor);
        Tensor z2 = tensor.mul(tensor);
        Tensor z3 = Tensor.randLike(tensor);
        z3.copy_(tensor.mul(tensor));
        out.println(z1);
        out.println(py(z1.equal(z2)), py(z1.equal(z3)));
        Tensor agg = tensor.sum();
        double aggItem = agg.item();
        out.println(aggItem, "<class 'float'>");
        out.println(tensor + " \n");
        tensor.add_(5);
        out.println(tensor);
        out.println(Tensor.rand(new int[] {2, 3}, DType.FLOAT64));
        out.println(Tensor.arange(12).reshape(3, 4).slice(0, 1, Integer.MAX_VALUE, 1).slice(1, 0, Integer.MAX_VALUE, 2));
        out.println(Tensor.zeros(2, 2).requiresGrad_(true).sum(0));
        out.println(Tensor.randn(new int[] {2}, DType.FLOAT64), Tensor.randnLike(xData, DType.FLOAT64),
                Tensor.randLike(xData, DType.FLOAT64));
        Tensor m = Tensor.tensor(new double[][] {{1, 5, 2}, {7, 0, 1}});
        out.println(m.argmax(1), m.argmin(0), m.argmax(-1));
        Tensor t = Tensor.zeros(3, 4);
        t.scatter_(1, Tensor.tensor(new long[][] {{0}, {2}, {3}}), 1.5);
        out.println(t);
        Tensor w = Tensor.zeros(2, 3).requiresGrad_(true);
        Tensor s = w.clone();
        s.scatter_(0, Tensor.tensor(new long[][] {{1, 0, 1}}), Tensor.ones(1, 3).mul(2));
        out.println(s);
        s.sum().backward();
        out.println(w.grad());
        Tensor u = Tensor.zeros(2, 3).requiresGrad_(true).clone();
        Tensor src = Tensor.ones(1, 3).requiresGrad_(true);
        u.scatter_(0, Tensor.tensor(new long[][] {{1, 0, 1}}), src);
        u.pow(2).sum().backward();
        out.println(u, src.grad());
        Tensor i = Tensor.zeros(new int[] {4}, DType.INT64);
        i.scatter_(0, Tensor.tensor(1L, 3L), 7);
        out.println(i);
        for (Runnable f : List.<Runnable>of(() -> Tensor.zeros(3).scatter_(0, Tensor.tensor(5L), 1.0),
                () -> Tensor.zeros(3).requiresGrad_(true).scatter_(0, Tensor.tensor(1L), 1.0))) {
            try {
                f.run();
            } catch (RuntimeException e) {
                out.error(e, "RuntimeError");   // a bad index: IndexOutOfBoundsException, PyTorch's RuntimeError
            }
        }
        try {
            Tensor.tensor(new long[][] {{1, 2}, {3, 4, 5}});
        } catch (IllegalArgumentException e) {
            out.error(e, "ValueError");
        }
        out.println(Tensor.tensor(new long[][] {{7, 8, 9}}), Tensor.tensor(new long[][] {{7, 8, 9}}).dtype());
        List<Runnable> errors = List.of(() -> Tensor.rand(new int[] {2}, DType.INT64),
                () -> Tensor.randn(new int[] {2}, DType.INT64), () -> Tensor.randLike(xData, DType.INT64),
                () -> Tensor.randnLike(xData, DType.BOOL), () -> Tensor.rand(new int[] {2, -1}, DType.FLOAT64));
        for (Runnable f : errors) {
            try {
                f.run();
            } catch (RuntimeException e) {
                out.error(e);
            }
        }
    }

    /** Python's True/False. */
    static String py(boolean b) {
        return b ? "True" : "False";
    }

    static void autograd(Out out) {
        out.section("autograd");
        Generator.manualSeedDefault(0);
        Tensor x = Tensor.ones(5);
        Tensor y = Tensor.zeros(3);
        Tensor w = Tensor.randn(5, 3).requiresGrad_(true);
        Tensor b = Tensor.randn(3).requiresGrad_(true);
        Tensor z = x.matmul(w).add(b);
        Tensor loss = Functional.binaryCrossEntropyWithLogits(z, y);
        out.println("Gradient function for z = " + z.gradFn().name());
        out.println("Gradient function for loss = " + loss.gradFn().name());
        out.println(z);
        out.println(loss);
        loss.backward();
        out.println(w.grad());
        out.println(b.grad());
        z = x.matmul(w).add(b);
        out.println(py(z.requiresGrad()));
        try (GradMode.Scope noGrad = GradMode.noGrad()) {
            z = x.matmul(w).add(b);
        }
        out.println(py(z.requiresGrad()));
        z = x.matmul(w).add(b);
        Tensor zDet = z.detach();
        out.println(py(zDet.requiresGrad()));
        Tensor inp = Tensor.eye(4, 5).requiresGrad_(true);
        Tensor output = inp.add(1).pow(2).t();
        out.println(output.gradFn().name(), py(output.isLeaf()), py(inp.isLeaf()));
        output.backward(Tensor.onesLike(output), true);
        out.println("First call\n" + inp.grad());
        output.backward(Tensor.onesLike(output), true);
        out.println("\nSecond call\n" + inp.grad());
        inp.grad().zero_();
        output.backward(Tensor.onesLike(output), true);
        out.println("\nCall after zeroing gradients\n" + inp.grad());
        output.backward(Tensor.onesLike(output));
        try {
            output.backward(Tensor.onesLike(output));
        } catch (RuntimeException e) {
            out.error(e);
        }
        try {
            output.backward();
        } catch (RuntimeException e) {
            out.error(e);
        }
    }

    static final class NeuralNetwork extends Module {
        final Flatten flatten = registerModule("flatten", new Flatten());
        final Sequential linearReluStack = registerModule("linear_relu_stack", new Sequential(
                new Linear(28 * 28, 512),
                new ReLU(),
                new Linear(512, 512),
                new ReLU(),
                new Linear(512, 10)));

        @Override
        public Tensor forward(Tensor x) {
            x = flatten.forward(x);
            Tensor logits = linearReluStack.forward(x);
            return logits;
        }
    }

    static NeuralNetwork buildModel(Out out) {
        out.section("build_model");
        Generator.manualSeedDefault(0);
        NeuralNetwork model = new NeuralNetwork();
        out.println(model);
        Tensor x = Tensor.rand(1, 28, 28);
        Tensor logits = model.forward(x);
        out.println(logits);
        Tensor predProbab = new Softmax(1).forward(logits);
        out.println(predProbab);
        Tensor yPred = predProbab.argmax(1);
        out.println("Predicted class: " + yPred);
        Tensor inputImage = Tensor.rand(3, 28, 28);
        out.println(size(inputImage.shape()));
        Flatten flatten = new Flatten();
        Tensor flatImage = flatten.forward(inputImage);
        out.println(size(flatImage.shape()));
        Linear layer1 = new Linear(28 * 28, 20);
        Tensor hidden1 = layer1.forward(flatImage);
        out.println(size(hidden1.shape()));
        out.println("Before ReLU: " + hidden1 + "\n\n");
        hidden1 = new ReLU().forward(hidden1);
        out.println("After ReLU: " + hidden1);
        Sequential seqModules = new Sequential(flatten, layer1, new ReLU(), new Linear(20, 10));
        inputImage = Tensor.rand(3, 28, 28);
        logits = seqModules.forward(inputImage);
        Softmax softmax = new Softmax(1);
        predProbab = softmax.forward(logits);
        out.println(predProbab);
        out.println(seqModules);
        out.println("Model structure: " + model + "\n\n");
        for (Map.Entry<String, Tensor> e : model.namedParameters().entrySet()) {
            Tensor param = e.getValue();
            out.println("Layer: " + e.getKey() + " | Size: " + size(param.shape()) + " | Values : "
                    + param.slice(0, 0, 2, 1) + " \n");
        }
        return model;
    }

    static void trainLoop(Out out, DataLoader dataloader, Module model, CrossEntropyLoss lossFn, Optimizer optimizer) {
        int size = dataloader.dataset().size();
        int batch = 0;
        for (Tensor[] xy : dataloader) {
            Tensor pred = model.forward(xy[0]);
            Tensor loss = lossFn.forward(pred, xy[1]);
            optimizer.zeroGrad();
            loss.backward();
            optimizer.step();
            if (batch % 2 == 0) {
                double lossValue = loss.item();
                int current = batch * xy[0].size(0);
                out.println(String.format("loss: %7f  [%5d/%5d]", lossValue, current, size));
            }
            batch++;
        }
    }

    static void testLoop(Out out, DataLoader dataloader, Module model, CrossEntropyLoss lossFn) {
        int size = dataloader.dataset().size();
        int numBatches = dataloader.len();
        double testLoss = 0;
        double correct = 0;
        try (GradMode.Scope noGrad = GradMode.noGrad()) {
            for (Tensor[] xy : dataloader) {
                Tensor pred = model.forward(xy[0]);
                testLoss += lossFn.forward(pred, xy[1]).item();
                correct += pred.argmax(1).eq(xy[1]).toFloat().sum().item();
            }
        }
        testLoss /= numBatches;
        correct /= size;
        out.println(String.format("Test Error: \n Accuracy: %.1f%%, Avg loss: %8f \n", 100 * correct, testLoss));
        out.println(testLoss, correct);
    }

    static NeuralNetwork optimization(Out out) {
        out.section("optimization");
        Generator.manualSeedDefault(0);
        TensorDataset trainingData = new TensorDataset(Tensor.rand(256, 1, 28, 28), Tensor.randint(0, 10, new int[] {256}));
        TensorDataset testData = new TensorDataset(Tensor.rand(64, 1, 28, 28), Tensor.randint(0, 10, new int[] {64}));
        DataLoader trainDataloader = new DataLoader(trainingData, 64);
        DataLoader testDataloader = new DataLoader(testData, 64);
        NeuralNetwork model = new NeuralNetwork();
        double learningRate = 1e-3;
        int epochs = 2;
        CrossEntropyLoss lossFn = new CrossEntropyLoss();
        Optimizer optimizer = new SGD(model.parameters(), learningRate);
        out.println(optimizer);
        List<Tensor> params = model.parameters().subList(0, 1);
        for (Optimizer o : List.<Optimizer>of(SGD.builder(params, 0.1).momentum(0.9).nesterov(true).build(), new Adam(params),
                AdamW.builder(params).lr(0.01).build(), new RMSprop(params), new Adagrad(params))) {
            out.println(o);
        }
        for (int t = 0; t < epochs; t++) {
            out.println("Epoch " + (t + 1) + "\n-------------------------------");
            trainLoop(out, trainDataloader, model, lossFn, optimizer);
            testLoop(out, testDataloader, model, lossFn);
        }
        out.println("Done!");
        return model;
    }

    static void saveLoad(Out out, NeuralNetwork model, Path dir) throws IOException {
        out.section("save_load");
        Map<String, Tensor> state = model.stateDict();
        out.println(Out.list(state.keySet()));
        Path path = dir.resolve("model_weights.safetensors");
        Safetensors.save(path, state);
        NeuralNetwork model2 = new NeuralNetwork();
        out.println(model2.loadStateDict(Safetensors.load(path)));
        model2.eval();
        out.println(py(model2.isTraining()), py(model2.linearReluStack.isTraining()));
        Generator.manualSeedDefault(0);
        Tensor x = Tensor.rand(256, 1, 28, 28);
        Tensor.randint(0, 10, new int[] {256});
        x = Tensor.rand(64, 1, 28, 28).select(0, 0);
        out.println(py(model.forward(x).equal(model2.forward(x))), model2.forward(x).argmax(1));
        try {
            model2.loadStateDict(Map.of("flatten.weight", Tensor.zeros(1)));
        } catch (RuntimeException e) {
            out.error(e);
        }
        Map<String, Tensor> partial = new LinkedHashMap<>(state);
        partial.remove("linear_relu_stack.4.bias");
        out.println(model2.loadStateDict(partial, false));
    }

    static final class CustomImageDataset implements Dataset<Tensor[]> {
        private final Tensor images;
        private final Tensor labels;
        private final UnaryOperator<Tensor> transform;
        private final UnaryOperator<Tensor> targetTransform;

        CustomImageDataset(int n, UnaryOperator<Tensor> transform, UnaryOperator<Tensor> targetTransform) {
            this.images = Tensor.randint(0, 256, new int[] {n, 1, 4, 4}).toByte();
            this.labels = Tensor.randint(0, 10, new int[] {n});
            this.transform = transform;
            this.targetTransform = targetTransform;
        }

        @Override
        public int size() {
            return labels.size(0);
        }

        @Override
        public Tensor[] get(int idx) {
            Tensor image = images.select(0, idx);
            Tensor label = labels.select(0, idx);
            if (transform != null) {
                image = transform.apply(image);
            }
            if (targetTransform != null) {
                label = targetTransform.apply(label);
            }
            return new Tensor[] {image, label};
        }
    }

    static void data(Out out) {
        out.section("data");
        Generator.manualSeedDefault(0);
        CustomImageDataset trainingData = new CustomImageDataset(10,
                image -> image.toFloat().div(255),
                y -> Tensor.zeros(10).scatter_(0, y.clone().detach(), 1));
        out.println(trainingData.size());
        Tensor[] item = trainingData.get(3);
        out.println(size(item[0].shape()), item[0].dtype().torchName(), item[1]);
        DataLoader trainDataloader = new DataLoader(trainingData, 4, true);
        Iterator<Tensor[]> it = trainDataloader.iterator();
        Tensor[] batch = it.next();
        Tensor trainFeatures = batch[0];
        Tensor trainLabels = batch[1];
        out.println("Feature batch shape: " + size(trainFeatures.shape()));
        out.println("Labels batch shape: " + size(trainLabels.shape()));
        Tensor img = trainFeatures.select(0, 0).squeeze();
        Tensor label = trainLabels.select(0, 0);
        out.println(img);
        out.println("Label: " + label);
        for (int epoch = 0; epoch < 2; epoch++) {
            int i = 0;
            for (Tensor[] b : trainDataloader) {
                out.println(epoch, i++, size(b[0].shape()), b[1].argmax(1));
            }
        }
    }

    static Out run(Path dir) throws IOException {
        Out out = new Out();
        tensors(out);
        autograd(out);
        buildModel(out);
        NeuralNetwork model = optimization(out);
        saveLoad(out, model, dir);
        data(out);
        return out;
    }

    @Test
    void printsWhatPyTorchPrinted(@TempDir Path dir) throws IOException {
        // The optimization section's losses come from float32 products above 64x64x64 multiply-adds, which are not
        // PyTorch's bits (README, "Where grad4j is bit-exact"): its printed losses agree within float32 ulps
        Golden.assertMatches("basics.txt", run(dir), Map.of("optimization", new double[] {5e-7, 0}));
    }

    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("basics");
        System.out.print(run(dir));
    }
}
