"""What training and evaluation do differently for each kind of model: the data, the loss, the score.

:func:`models.training.train.train` runs the same loop for every model; a
:class:`Task` fills in what depends on the model's kind (its spec's ``kind``):

============  ===============  ======================  ========================  ===============
kind          data             loss                    best epoch by             test score
============  ===============  ======================  ========================  ===============
classifier    digits, TFDS,    cross-entropy (label    validation accuracy       test_accuracy
              your folders     smoothing)
segmenter     digit_scenes     per-pixel cross-        validation loss           test_mean_iou
                               entropy plus Dice
detector      digit_scenes     CenterNet's focal and   validation loss           test_map50
                               L1 losses
============  ===============  ======================  ========================  ===============
"""

import keras
import numpy as np
import tensorflow as tf

from models.training import data, detection, scenes, segmentation
from models.training.sources import check_dataset_for


def learning_rate_schedule(recipe, steps_per_epoch):
    """The recipe's learning rate, step by step: a number, or a warm-up then a cosine decay to 0."""
    if recipe.schedule == "constant":
        return recipe.learning_rate
    warmup = recipe.warmup_epochs * steps_per_epoch
    return keras.optimizers.schedules.CosineDecay(
        0.0 if warmup else recipe.learning_rate,
        decay_steps=recipe.epochs * steps_per_epoch - warmup,
        warmup_target=recipe.learning_rate if warmup else None,
        warmup_steps=warmup,
    )


class Task:
    """The parts of training that depend on the kind of model; see the subclasses.

    Attributes:
        kind: the spec kind it trains.
        monitor: the validation log (a key of Keras's epoch logs) that picks the best epoch.
        mode: ``"max"`` if a larger ``monitor`` is better, ``"min"`` if a smaller one.
        score: the key of the test score in ``metrics.json``.
    """

    kind = monitor = mode = score = None

    def load(self, dataset, input_shape, batch_size, seed=0, data_dir=None, download=False):
        """The dataset's splits as :class:`models.training.data.Splits` of (image, target) batches."""
        raise NotImplementedError

    def loss(self, recipe, num_classes):
        raise NotImplementedError

    def metrics(self, num_classes):
        return []

    def training_data(self, splits):
        """The (training, validation) datasets ``model.fit`` gets."""
        return splits.train, splits.validation

    def compile(self, model, recipe, steps_per_epoch, num_classes):
        """Compiles ``model`` with the recipe's optimizer and schedule, and the task's loss and metrics."""
        rate = learning_rate_schedule(recipe, steps_per_epoch)
        if recipe.weight_decay:
            optimizer = keras.optimizers.AdamW(rate, weight_decay=recipe.weight_decay)
        else:
            optimizer = keras.optimizers.Adam(rate)
        model.compile(optimizer=optimizer, loss=self.loss(recipe, num_classes), metrics=self.metrics(num_classes))
        # Left to itself, Adam creates its moment variables inside the first training
        # step, and TensorFlow then traces that step twice: seconds lost for a deep model.
        # Built now, they are also there for a checkpoint's optimizer state to be loaded into.
        optimizer.build(model.trainable_variables)

    def measure(self, model, splits):
        """The model's scores on the test split, as ``metrics.json`` records them."""
        raise NotImplementedError


class Classification(Task):
    """A class per image. Labels come one-hot to the loss: Keras's label smoothing needs them so."""

    kind, monitor, mode, score = "classifier", "val_accuracy", "max", "test_accuracy"

    def load(self, dataset, input_shape, batch_size, seed=0, data_dir=None, download=False):
        return data.load(dataset, input_shape, batch_size, seed, data_dir, download)

    def loss(self, recipe, num_classes):
        return keras.losses.CategoricalCrossentropy(label_smoothing=recipe.label_smoothing)

    def metrics(self, num_classes):
        return ["accuracy"]

    def training_data(self, splits):
        return tuple(data.with_one_hot_labels(split, splits.num_classes) for split in (splits.train, splits.validation))

    def measure(self, model, splits):
        """Test loss (plain cross-entropy, without label smoothing), accuracy and image count."""
        model.compile(loss="sparse_categorical_crossentropy", metrics=["accuracy"])
        loss, accuracy = model.evaluate(splits.test, verbose=0)
        count = sum(int(labels.shape[0]) for _, labels in splits.test)
        return {"test_loss": float(loss), "test_accuracy": float(accuracy), "test_images": count}


class SceneTask(Task):
    """A task that learns from ``digit_scenes``, whose scenes are drawn at the model's own size."""

    def load(self, dataset, input_shape, batch_size, seed=0, data_dir=None, download=False):
        check_dataset_for(self.kind, dataset)
        splits = {split: scenes.digit_scenes(split, size=tuple(input_shape[:2])) for split in scenes.SPLITS}
        pipelines = {
            split: self.pipeline(part, input_shape, batch_size, shuffle_seed=seed if split == "train" else None)
            for split, part in splits.items()
        }
        names = self.class_names()
        return data.Splits(dataset, **pipelines, num_classes=len(names), class_names=names,
                           train_size=len(splits["train"]))  # fmt: skip

    def targets(self, part, input_shape):
        """What the model should output for the scenes ``part``, as one array."""
        raise NotImplementedError

    def pipeline(self, part, input_shape, batch_size, shuffle_seed=None):
        """Batches of (image, target), grey or colour to fit ``input_shape``; shuffled if given a seed."""
        channels = input_shape[-1]
        dataset = tf.data.Dataset.from_tensor_slices((part.images, self.targets(part, input_shape)))
        dataset = dataset.map(lambda x, y: (data.fit_images(x, (*x.shape[:2], channels)), y)).cache()
        if shuffle_seed is not None:
            dataset = dataset.shuffle(len(part), seed=shuffle_seed, reshuffle_each_iteration=True)
        return dataset.batch(batch_size).prefetch(tf.data.AUTOTUNE)


class Segmentation(SceneTask):
    """A class per pixel: the mask of ``digit_scenes`` (0 background, d + 1 digit d).

    Training reports the loss alone: ``keras.metrics.MeanIoU`` at every step (the most likely class
    of every pixel of the batch, then a confusion matrix) cost a seventh of the training time.
    The test split's mean IoU is measured once, at the end."""

    kind, monitor, mode, score = "segmenter", "val_loss", "min", "test_mean_iou"

    def class_names(self):
        return scenes.MASK_CLASS_NAMES

    def targets(self, part, input_shape):
        return part.masks

    def loss(self, recipe, num_classes):
        return segmentation.DiceCrossEntropy(num_classes)

    def measure(self, model, splits):
        """Test loss, mean IoU over every class (the background too), each class's IoU, image count."""
        mean_iou = segmentation.mean_iou(splits.num_classes)
        model.compile(loss=self.loss(None, splits.num_classes), metrics=[mean_iou])
        loss, mean = model.evaluate(splits.test, verbose=0)
        per_class = dict(zip(splits.class_names, segmentation.iou_per_class(mean_iou.total_cm), strict=True))
        count = sum(int(images.shape[0]) for images, _ in splits.test)
        return {"test_loss": float(loss), "test_mean_iou": float(mean), "test_iou_per_class": per_class,
                "test_images": count}  # fmt: skip


class Detection(SceneTask):
    """Boxes with classes, CenterNet's way (see :mod:`models.training.detection`)."""

    kind, monitor, mode, score = "detector", "val_loss", "min", "test_map50"

    def class_names(self):
        return scenes.CLASS_NAMES

    def targets(self, part, input_shape):
        grid = detection.grid_shape(input_shape)
        return np.stack([detection.encode(b, c, grid, scenes.NUM_DIGIT_CLASSES) for b, c in
                         zip(part.boxes, part.classes, strict=True)])  # fmt: skip

    def loss(self, recipe, num_classes):
        return detection.CenterNetLoss(num_classes)

    def measure(self, model, splits):
        """Test loss, COCO AP at IoU 0.5 (by pycocotools) averaged over the classes and per class, image count."""
        model.compile(loss=self.loss(None, splits.num_classes))
        loss = model.evaluate(splits.test, verbose=0)
        test = scenes.digit_scenes("test", size=tuple(model.input_shape[1:3]))
        images = np.concatenate([images.numpy() for images, _ in splits.test])
        found = detection.decode(model.predict(images, verbose=0), splits.num_classes)
        mean, per_class = detection.map50(list(zip(test.boxes, test.classes, strict=True)), found,
                                          splits.num_classes)  # fmt: skip
        return {"test_loss": float(loss), "test_map50": mean,
                "test_ap50_per_class": dict(zip(splits.class_names, per_class, strict=True)),
                "test_images": len(images)}  # fmt: skip


TASKS = {task.kind: task for task in (Classification(), Segmentation(), Detection())}
